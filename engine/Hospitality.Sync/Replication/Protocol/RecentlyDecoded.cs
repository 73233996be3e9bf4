namespace Hospitality.Sync.Replication.Protocol;

/// <summary>
/// The last few document-carrying frames decoded on one thread, kept with their messages. Decoding is
/// a pure function of the bytes and messages are immutable, so a frame equal to one decoded before
/// gets the same message back. A server sends one encoded change to every subscriber: where they share
/// a process (a simulated resort, 170 tablets per Greengrass) all but the first skip the JSON parse.
/// The bytes are compared in full, never trusted by identity, so a reused receive buffer cannot fool it.
/// </summary>
internal sealed class RecentlyDecoded
{
    private const int Capacity = 8;

    private readonly (byte[] Frame, ProtocolMessage Message)[] _entries = new (byte[], ProtocolMessage)[Capacity];
    private int _next;

    public ProtocolMessage? Find(ReadOnlySpan<byte> frame)
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

    public void Add(ReadOnlySpan<byte> frame, ProtocolMessage message)
    {
        _entries[_next] = (frame.ToArray(), message);
        _next = (_next + 1) % Capacity;
    }
}
