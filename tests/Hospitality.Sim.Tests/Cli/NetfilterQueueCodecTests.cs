using System.Buffers.Binary;
using FsCheck;
using FsCheck.Xunit;
using Hospitality.Sim.Cli.Live;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>
/// The NFQUEUE netlink messages hsim live's packet delay speaks: what it sends is laid out as the
/// kernel's nfnetlink_queue reads it, what the kernel sends (queued packets, several to a datagram,
/// and acknowledgements) parses back, and any bytes at all either parse or are refused with a
/// FormatException, never another exception.
/// </summary>
public sealed class NetfilterQueueCodecTests
{
    [Fact]
    public void A_verdict_accepts_one_packet_of_its_queue_as_nfnetlink_queue_lays_it_out()
    {
        var verdict = NetfilterQueueCodec.Accept(queue: 3, id: 0x01020304);

        Assert.Equal(
            "20000000" + "0103" + "0100" + "00000000" + "00000000" // length 32, NFQNL_MSG_VERDICT of subsystem 3, NLM_F_REQUEST
            + "00" + "00" + "0003" // AF_UNSPEC, version 0, queue 3 big-endian
            + "0c00" + "0200" + "00000001" + "01020304", // NFQA_VERDICT_HDR: NF_ACCEPT, the id
            Convert.ToHexString(verdict).ToLowerInvariant());
    }

    [Fact]
    public void Binding_asks_for_an_acknowledgement_and_the_parameters_copy_the_first_bytes_of_each_packet()
    {
        var bind = NetfilterQueueCodec.Bind(queue: 0, sequence: 7);
        var parameters = NetfilterQueueCodec.Parameters(queue: 0, sequence: 8, copyBytes: 64, maxLength: 1000);

        Assert.Equal("1c00000002030500070000000000000000000000080001000100" + "0002", Convert.ToHexString(bind).ToLowerInvariant());
        Assert.Equal(0x0302, BinaryPrimitives.ReadUInt16LittleEndian(parameters.AsSpan(4)));
        Assert.Equal(Convert.FromHexString("0900020000000040020000000800030000000" + "3e8"), parameters[20..]);
    }

    [Fact]
    public void Queued_packets_and_an_acknowledgement_in_one_datagram_parse_back_in_order()
    {
        var payload = Enumerable.Range(0, 41).Select(i => (byte)i).ToArray();
        var datagram = Queued(id: 9, stamp: (1_765_000_000, 123_456), payload)
            .Concat(Error(sequence: 5, errno: 1))
            .Concat(Queued(id: 10, stamp: null, [0x45]))
            .ToArray();

        var messages = NetfilterQueueCodec.Parse(datagram);

        Assert.Collection(
            messages,
            first =>
            {
                var packet = Assert.IsType<QueueMessage.Queued>(first);
                Assert.Equal(9u, packet.Id);
                Assert.Equal((1_765_000_000L * 1_000_000) + 123_456, packet.StampUnixMicroseconds);
                Assert.Equal(payload, packet.Bytes.ToArray());
            },
            second => Assert.Equal(new QueueMessage.Acknowledged(5, 1), second),
            third =>
            {
                var packet = Assert.IsType<QueueMessage.Queued>(third);
                Assert.Equal(10u, packet.Id);
                Assert.Null(packet.StampUnixMicroseconds);
                Assert.Equal([0x45], packet.Bytes.ToArray());
            });
    }

    [Fact]
    public void A_message_longer_than_its_datagram_or_a_packet_without_its_header_is_refused()
    {
        var whole = Queued(id: 1, stamp: null, [1, 2, 3]);

        Assert.Throws<FormatException>(() => NetfilterQueueCodec.Parse(whole[..^4]));
        Assert.Throws<FormatException>(() => NetfilterQueueCodec.Parse(Message(0x0300, Attribute(10, [1, 2, 3]))));
        Assert.Throws<FormatException>(() => NetfilterQueueCodec.Parse(Message(0x0999, [])));
    }

    [Property(MaxTest = 500)]
    public void Any_bytes_parse_or_are_refused_with_a_format_exception(byte[] bytes, NonNegativeInt cut, byte flip)
    {
        // Random bytes, and a real datagram cut short or with one byte changed.
        var real = Queued(id: 3, stamp: (1_765_000_000, 1), [0x45, 0, 0, 40]).Concat(Error(1, 0)).ToArray();
        real[cut.Get % real.Length] ^= flip;
        foreach (var datagram in new[] { bytes, real, real[..(cut.Get % real.Length)] })
        {
            try
            {
                NetfilterQueueCodec.Parse(datagram);
            }
            catch (FormatException)
            {
            }
        }
    }

    [Fact]
    public void An_ipv4_header_gives_its_addresses_and_length_and_anything_else_gives_nothing()
    {
        byte[] header = [0x45, 0, 0x05, 0xdc, 0, 0, 0x40, 0, 64, 6, 0, 0, 10, 200, 1, 3, 10, 200, 1, 4];

        Assert.Equal(new Ipv4Header(0x0ac80103, 0x0ac80104, 1500), Ipv4Header.Read(header));
        Assert.Null(Ipv4Header.Read(header[..19]));
        Assert.Null(Ipv4Header.Read([0x60, .. header[1..]]));
        Assert.Null(Ipv4Header.Read([0x44, .. header[1..]]));
    }

    [Property(MaxTest = 300)]
    public void Any_bytes_read_as_an_ipv4_header_or_as_nothing(byte[] bytes) => _ = Ipv4Header.Read(bytes);

    /// <summary>A queued packet as the kernel sends it: packet header, an interface, maybe a timestamp, the payload.</summary>
    private static byte[] Queued(uint id, (long Seconds, long Microseconds)? stamp, byte[] payload)
    {
        var header = new byte[7];
        BinaryPrimitives.WriteUInt32BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 0x0800);
        var index = new byte[4];
        var attributes = Attribute(1, header).Concat(Attribute(5, index));
        if (stamp is var (seconds, microseconds))
        {
            var value = new byte[16];
            BinaryPrimitives.WriteInt64BigEndian(value, seconds);
            BinaryPrimitives.WriteInt64BigEndian(value.AsSpan(8), microseconds);
            attributes = attributes.Concat(Attribute(4, value));
        }

        return Message(0x0300, [.. attributes, .. Attribute(10, payload)]);
    }

    private static byte[] Error(uint sequence, int errno)
    {
        // nlmsgerr: the error, then the request's own header.
        var body = new byte[20];
        BinaryPrimitives.WriteInt32LittleEndian(body, -errno);
        var message = Message(2, body, generic: false);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), sequence);
        return message;
    }

    /// <summary>A netlink message: its 16-byte header, the queue's 4-byte nfgenmsg where it has one, the body.</summary>
    private static byte[] Message(ushort type, byte[] body, bool generic = true)
    {
        byte[] message = [.. new byte[generic ? 20 : 16], .. body];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)message.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), type);
        return message;
    }

    private static byte[] Attribute(ushort type, byte[] value)
    {
        var attribute = new byte[(4 + value.Length + 3) & ~3];
        BinaryPrimitives.WriteUInt16LittleEndian(attribute, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attribute.AsSpan(2), type);
        value.CopyTo(attribute, 4);
        return attribute;
    }
}
