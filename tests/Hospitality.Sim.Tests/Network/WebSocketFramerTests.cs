using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Network.Tcp;

namespace Hospitality.Sim.Tests.Network;

public sealed class WebSocketFramerTests
{
    [Property(MaxTest = 300)]
    public bool Messages_survive_any_split_of_the_stream_either_way(byte[][] originals, PositiveInt[] chunkSizes, bool fromClient)
    {
        var stream = originals.SelectMany(message => WebSocketFramer.Frame(message, masked: fromClient)).ToArray();
        var received = Cut(stream, chunkSizes, new WebSocketFramer(maxMessageBytes: 1 << 20, peerMasks: fromClient), out var error);

        return error is null
            && received.Count == originals.Length
            && received.Zip(originals).All(pair => pair.First.Span.SequenceEqual(pair.Second));
    }

    [Property(MaxTest = 100)]
    public bool Long_messages_take_the_16_and_64_bit_lengths(PositiveInt[] chunkSizes, bool fromClient)
    {
        byte[][] originals = [new byte[125], new byte[126], new byte[65_535], new byte[65_536]];
        originals[3][65_535] = 7;
        var stream = originals.SelectMany(message => WebSocketFramer.Frame(message, masked: fromClient)).ToArray();
        var received = Cut(stream, chunkSizes, new WebSocketFramer(maxMessageBytes: 1 << 20, peerMasks: fromClient), out var error);

        return error is null
            && received.Select(message => message.Length).SequenceEqual([125, 126, 65_535, 65_536])
            && received[3].Span[65_535] == 7
            && stream.Length == originals.Sum(message => message.Length) + (fromClient ? 4 * 4 : 0) + 2 + 4 + 4 + 10;
    }

    [Fact]
    public void Frames_are_as_big_as_a_real_clients_and_servers()
    {
        // Captured from .NET's ClientWebSocket against Kestrel: 300 bytes went as 308 up and 304 down; a close as 8 up and 4 down.
        Assert.Equal(308, WebSocketFramer.Frame(new byte[300], masked: true).Length);
        Assert.Equal(304, WebSocketFramer.Frame(new byte[300], masked: false).Length);
        Assert.Equal(8, WebSocketFramer.CloseFrame(masked: true).Length);
        Assert.Equal([0x88, 0x02, 0x03, 0xE8], WebSocketFramer.CloseFrame(masked: false));
    }

    [Fact]
    public void Close_ping_and_pong_frames_are_read_and_dropped()
    {
        byte[] stream = [.. WebSocketFramer.Frame([1, 2], masked: false), 0x8A, 0x00, 0x89, 0x01, 0x42, .. WebSocketFramer.CloseFrame(masked: false)];

        var received = Cut(stream, [PositiveInt.NewPositiveInt(1)], new WebSocketFramer(1000, peerMasks: false), out var error);

        Assert.Null(error);
        Assert.Equal([1, 2], Assert.Single(received).ToArray());
    }

    [Fact]
    public void A_payload_masked_with_a_real_key_is_unmasked()
    {
        byte[] frame = [0x82, 0x83, 0x01, 0x02, 0x03, 0x04, 0x01 ^ 0x10, 0x02 ^ 0x20, 0x03 ^ 0x30];

        var received = Cut(frame, [], new WebSocketFramer(1000, peerMasks: true), out var error);

        Assert.Null(error);
        Assert.Equal([0x10, 0x20, 0x30], Assert.Single(received).ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x82, 0x03, 1, 2, 3 }, true, "unmasked frame from a client")]
    [InlineData(new byte[] { 0x82, 0x83, 0, 0, 0, 0, 1, 2, 3 }, false, "masked frame from a server")]
    [InlineData(new byte[] { 0x02, 0x01, 1 }, false, "fragmented frame: each message is one final frame")]
    [InlineData(new byte[] { 0xC2, 0x01, 1 }, false, "frame with reserved bits set: no extension was negotiated")]
    [InlineData(new byte[] { 0x83, 0x01, 1 }, false, "frame of opcode 3: a message is one unfragmented text or binary frame")]
    [InlineData(new byte[] { 0x82, 0x7E, 0x03, 0xE9 }, false, "frame of 1001 bytes exceeds the 1000-byte message limit")]
    [InlineData(new byte[] { 0x82, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, false, "frame of 9223372036854775807 bytes exceeds the 1000-byte message limit")]
    [InlineData(new byte[] { 0x89, 0x7E, 0x00, 0x7E }, false, "control frame of 126 bytes: at most 125 are allowed")]
    public void A_frame_the_protocol_forbids_is_an_error_and_nothing_is_delivered(byte[] frame, bool peerMasks, string expected)
    {
        var received = Cut(frame, [], new WebSocketFramer(1000, peerMasks), out var error);

        Assert.Equal(expected, error);
        Assert.Empty(received);
    }

    [Property(MaxTest = 300)]
    public bool Random_bytes_never_crash_the_framer_and_deliver_nothing_over_the_limit(byte[] noise, bool peerMasks)
    {
        var received = new Queue<ReadOnlyMemory<byte>>();
        new WebSocketFramer(maxMessageBytes: 64, peerMasks).Append(noise, received);
        return received.All(message => message.Length <= 64);
    }

    private static List<ReadOnlyMemory<byte>> Cut(byte[] stream, PositiveInt[] chunkSizes, WebSocketFramer framer, out string? error)
    {
        var received = new Queue<ReadOnlyMemory<byte>>();
        error = null;
        var offset = 0;
        var cut = 0;
        while (offset < stream.Length && error is null)
        {
            var chunk = chunkSizes.Length == 0 ? stream.Length : chunkSizes[cut++ % chunkSizes.Length].Get;
            var size = Math.Min(stream.Length - offset, chunk);
            error = framer.Append(stream.AsMemory(offset, size), received);
            offset += size;
        }

        return [.. received];
    }
}
