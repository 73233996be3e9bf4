namespace Hospitality.Sim.Network.Tcp;

/// <summary>A FIFO of bytes kept as the chunks they were written in; reads copy out across chunks, or hand over a whole chunk.</summary>
internal sealed class ByteQueue
{
    private readonly Queue<byte[]> _chunks = new();
    private int _headOffset;

    public long Count { get; private set; }

    public void Write(byte[] chunk)
    {
        if (chunk.Length > 0)
        {
            _chunks.Enqueue(chunk);
            Count += chunk.Length;
        }
    }

    public byte[] Read(int length)
    {
        // A message that fits one segment leaves as the chunk it was written in: nothing mutates chunks.
        if (_headOffset == 0 && _chunks.TryPeek(out var whole) && whole.Length == length)
        {
            Count -= length;
            return _chunks.Dequeue();
        }

        var result = new byte[length];
        var written = 0;
        while (written < length)
        {
            var head = _chunks.Peek();
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
