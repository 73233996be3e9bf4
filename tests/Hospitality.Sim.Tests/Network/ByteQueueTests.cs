using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Network.Tcp;

namespace Hospitality.Sim.Tests.Network;

public sealed class ByteQueueTests
{
    [Property(MaxTest = 300)]
    public bool Reads_return_the_written_stream_in_order_and_keep_their_bytes_while_the_queue_goes_on(byte[][] chunks, PositiveInt[] readSizes)
    {
        var queue = new ByteQueue();
        var reads = new List<(ReadOnlyMemory<byte> Read, byte[] AsRead)>();
        var cut = 0;
        void ReadOnce()
        {
            var size = (int)Math.Min(queue.Count, readSizes.Length == 0 ? queue.Count : readSizes[cut++ % readSizes.Length].Get);
            var read = queue.Read(size);
            reads.Add((read, read.ToArray()));
        }

        foreach (var chunk in chunks)
        {
            queue.Write(chunk, writtenTicks: 0);
            if (queue.Count > 0)
            {
                ReadOnce();
            }
        }

        while (queue.Count > 0)
        {
            ReadOnce();
        }

        // A read is a slice of a chunk or a copy: either way later writes and reads never change it.
        return reads.All(each => each.Read.Span.SequenceEqual(each.AsRead))
            && reads.SelectMany(each => each.AsRead).SequenceEqual(chunks.SelectMany(chunk => chunk));
    }

    [Fact]
    public void A_read_within_one_chunk_is_a_slice_of_it_and_a_read_across_chunks_a_copy()
    {
        var queue = new ByteQueue();
        var first = new byte[] { 1, 2, 3, 4, 5, 6 };
        queue.Write(first, writtenTicks: 0);
        queue.Write([7, 8], writtenTicks: 0);

        var within = queue.Read(4);
        var across = queue.Read(4);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(within, out var segment) && segment.Array == first && segment.Offset == 0);
        Assert.Equal(new byte[] { 5, 6, 7, 8 }, across.ToArray());
        Assert.Equal(0, queue.Count);
    }
}
