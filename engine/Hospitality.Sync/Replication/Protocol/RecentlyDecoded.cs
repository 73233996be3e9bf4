namespace Hospitality.Sync.Replication.Protocol;

/// <summary>
/// The last frames decoded on one thread, kept with what they decoded to. Decoding is a pure
/// function of the bytes and the results are immutable, so a frame equal to one decoded before gets
/// the same result back. A server sends one encoded change to every subscriber, and an mDNS packet
/// reaches every host of its segment: where they share a process (a simulated resort, 170 tablets per
/// Greengrass) all but the first skip the parse. The bytes are compared in full, never trusted by
/// identity, so a reused receive buffer cannot fool it.
/// </summary>
/// <remarks>
/// Eight frames were too few for a simulated chain: a property's devices receive its change a few
/// milliseconds apart, and every other property's frames decoded in between pushed it out, so the
/// share of frames parsed again grew with the number of properties (a device-day of 100 properties
/// allocated 3 % more than one of 20 for it). 128 keep it; the bytes kept are bounded too.
/// </remarks>
internal sealed class RecentlyDecoded<TMessage>
    where TMessage : class
{
    public const int Capacity = 128;

    /// <summary>The most frame bytes kept at once: the oldest go first to make room, and a larger frame is not kept.</summary>
    public const int CapacityBytes = 8 * 1024 * 1024;

    private readonly (byte[]? Frame, TMessage? Message)[] _entries = new (byte[]?, TMessage?)[Capacity];
    private int _next;

    /// <summary>Frame bytes kept now.</summary>
    public int KeptBytes { get; private set; }

    public TMessage? Find(ReadOnlySpan<byte> frame)
    {
        foreach (var (bytes, message) in _entries)
        {
            // The length first: most frames differ in it, and the scan stays cheap at this capacity.
            if (bytes is not null && bytes.Length == frame.Length && bytes.AsSpan().SequenceEqual(frame))
            {
                return message;
            }
        }

        return null;
    }

    public void Add(ReadOnlySpan<byte> frame, TMessage message)
    {
        if (frame.Length > CapacityBytes)
        {
            return;
        }

        // Oldest first from the slot written next, until the frame fits.
        for (var slot = _next; KeptBytes + frame.Length > CapacityBytes; slot = (slot + 1) % Capacity)
        {
            Forget(slot);
        }

        Forget(_next);
        _entries[_next] = (frame.ToArray(), message);
        KeptBytes += frame.Length;
        _next = (_next + 1) % Capacity;
    }

    private void Forget(int slot)
    {
        KeptBytes -= _entries[slot].Frame?.Length ?? 0;
        _entries[slot] = default;
    }
}
