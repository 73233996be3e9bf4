namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// A FIFO of bytes kept as the chunks they were written in, each with the tick it was written at;
/// reads copy out across chunks, or hand over a whole chunk.
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

    public byte[] Read(int length)
    {
        // A message that fits one segment leaves as the chunk it was written in: nothing mutates chunks.
        if (_headOffset == 0 && _chunks.TryPeek(out var whole) && whole.Chunk.Length == length)
        {
            Count -= length;
            return _chunks.Dequeue().Chunk;
        }

        var result = new byte[length];
        var written = 0;
        while (written < length)
        {
            var head = _chunks.Peek().Chunk;
            var take = Math.Min(head.Length - _headOffset, length - written);
            head.AsSpan(_headOffset, take).CopyTo(result.AsSpan(written));
            written += take;
            _headOffset += take;
            if (_headOffset == head.Length)
            {
                _chunks.Dequeue();
                _headOffset = 0;
            }
        }

        Count -= length;
        return result;
    }

    public void Clear()
    {
        _chunks.Clear();
        _headOffset = 0;
        Count = 0;
    }
}
