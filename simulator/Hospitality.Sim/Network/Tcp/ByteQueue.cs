namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// A FIFO of bytes kept as the chunks they were written in, each with the tick it was written at;
/// a read within one chunk is a slice of it, and only a read across chunks copies.
/// </summary>
internal sealed class ByteQueue
{
    private readonly Queue<(byte[] Chunk, long WrittenTicks)> _chunks = new();
    private int _headOffset;

    public long Count { get; private set; }

    /// <summary>When the oldest byte still queued was written.</summary>
    public long HeadWrittenTicks => _chunks.Peek().WrittenTicks;

    public void Write(byte[] chunk, long writtenTicks)
    {
        if (chunk.Length > 0)
        {
            _chunks.Enqueue((chunk, writtenTicks));
            Count += chunk.Length;
        }
    }

    public ReadOnlyMemory<byte> Read(int length)
    {
        // Bytes within one chunk leave as a slice of it, not a copy: nothing mutates chunks once written.
        var head = _chunks.Peek().Chunk;
        if (head.Length - _headOffset >= length)
        {
            var slice = head.AsMemory(_headOffset, length);
            Advance(head, length);
            Count -= length;
            return slice;
        }

        var result = new byte[length];
        var written = 0;
        while (written < length)
        {
            head = _chunks.Peek().Chunk;
            var take = Math.Min(head.Length - _headOffset, length - written);
            head.AsSpan(_headOffset, take).CopyTo(result.AsSpan(written));
            written += take;
            Advance(head, take);
        }

        Count -= length;
        return result;
    }

    private void Advance(byte[] head, int taken)
    {
        _headOffset += taken;
        if (_headOffset == head.Length)
        {
            _chunks.Dequeue();
            _headOffset = 0;
        }
    }

    public void Clear()
    {
        _chunks.Clear();
        _headOffset = 0;
        Count = 0;
    }
}
