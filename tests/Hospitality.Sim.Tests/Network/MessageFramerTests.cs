using System.Buffers.Binary;
using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Network.Tcp;

namespace Hospitality.Sim.Tests.Network;

public sealed class MessageFramerTests
{
    [Property(MaxTest = 300)]
    public bool Messages_survive_any_split_of_the_stream(byte[][] originals, PositiveInt[] chunkSizes)
    {
        var stream = originals.SelectMany(message => MessageFramer.Frame(message)).ToArray();
        var framer = new MessageFramer(maxMessageBytes: 1 << 20);
        var received = new Queue<ReadOnlyMemory<byte>>();
        var offset = 0;
        var cut = 0;
        while (offset < stream.Length)
        {
            var chunk = chunkSizes.Length == 0 ? stream.Length : chunkSizes[cut++ % chunkSizes.Length].Get;
            var size = Math.Min(stream.Length - offset, chunk);
            if (framer.Append(stream.AsMemory(offset, size), received) is not null)
            {
                return false;
            }

            offset += size;
        }

        return received.Count == originals.Length
            && received.Zip(originals).All(pair => pair.First.Span.SequenceEqual(pair.Second));
    }

    [Property(MaxTest = 300)]
    public bool Random_bytes_never_crash_the_framer_and_oversized_lengths_are_errors(byte[] noise)
    {
        var framer = new MessageFramer(maxMessageBytes: 64);
        var received = new Queue<ReadOnlyMemory<byte>>();
        var error = framer.Append(noise, received);
        return received.All(message => message.Length <= 64) && (error is null || error.Contains("exceeds the 64-byte"));
    }

    [Fact]
    public void A_negative_or_oversized_length_is_reported_and_nothing_is_delivered()
    {
        var framer = new MessageFramer(maxMessageBytes: 1000);
        var received = new Queue<ReadOnlyMemory<byte>>();
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, 1001);

        var error = framer.Append(header, received);

        Assert.Equal("frame of 1001 bytes exceeds the 1000-byte message limit", error);
        Assert.Empty(received);
        Assert.NotNull(new MessageFramer(1000).Append(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, received));
    }
}
