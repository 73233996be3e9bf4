namespace Hospitality.Sync.Replication.Protocol;

/// <summary>
/// The last few frames decoded on one thread, kept with what they decoded to. Decoding is a pure
/// function of the bytes and the results are immutable, so a frame equal to one decoded before gets
/// the same result back. A server sends one encoded change to every subscriber, and an mDNS packet
/// reaches every host of its segment: where they share a process (a simulated resort, 170 tablets per
/// Greengrass) all but the first skip the parse. The bytes are compared in full, never trusted by
/// identity, so a reused receive buffer cannot fool it.
/// </summary>
internal sealed class RecentlyDecoded<TMessage>
    where TMessage : class
{
    private const int Capacity = 8;

    private readonly (byte[] Frame, TMessage Message)[] _entries = new (byte[], TMessage)[Capacity];
    private int _next;

    public TMessage? Find(ReadOnlySpan<byte> frame)
    {
        foreach (var (bytes, message) in _entries)
        {
            if (bytes is not null && bytes.AsSpan().SequenceEqual(frame))
            {
                return message;
            }
        }

        return null;
    }

    public void Add(ReadOnlySpan<byte> frame, TMessage message)
    {
        _entries[_next] = (frame.ToArray(), message);
        _next = (_next + 1) % Capacity;
    }
}
