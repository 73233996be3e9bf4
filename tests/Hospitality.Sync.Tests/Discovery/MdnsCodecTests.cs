using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Discovery;

namespace Hospitality.Sync.Tests.Discovery;

public sealed class MdnsCodecTests
{
    [Fact]
    public void Every_example_packet_survives_encoding_and_decoding()
    {
        foreach (var packet in MdnsExamples.Packets)
        {
            var decoded = MdnsCodec.Decode(MdnsCodec.Encode(packet));

            Assert.True(decoded.IsSuccess, decoded.Error);
            AssertSame(packet, decoded.Packet);
        }
    }

    [Fact]
    public void The_cache_flush_and_unicast_bits_travel_in_the_class_field()
    {
        var bytes = MdnsCodec.Encode(MdnsExamples.Packets[0]);

        // The first question's class follows its name and type: QU set (0x8001).
        var decoded = MdnsCodec.Decode(bytes).Packet!;
        Assert.True(decoded.Questions[0].UnicastResponse);
        Assert.False(decoded.Questions[1].UnicastResponse);
        Assert.All(decoded.Authorities, record => Assert.True(record.CacheFlush));
        Assert.False(MdnsCodec.Decode(MdnsCodec.Encode(MdnsExamples.Packets[1])).Packet!.Answers[0].CacheFlush);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "shorter than the 12-byte DNS header")]
    [InlineData(new byte[] { 0, 0, 0x84, 0, 0, 1, 0, 0, 0, 0, 0, 0 }, "malformed DNS message")]
    [InlineData(new byte[] { 0, 0, 0x84, 0, 0x02, 0, 0, 0, 0, 0, 0, 0 }, "at most 256")]
    [InlineData(new byte[] { 0, 0, 0x28, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "opcode 5")]
    public void A_malformed_packet_is_an_error_that_says_what_is_wrong(byte[] bytes, string expected)
    {
        var decoded = MdnsCodec.Decode(bytes);

        Assert.False(decoded.IsSuccess);
        Assert.Contains(expected, decoded.Error);
    }

    [Fact]
    public void A_packet_over_nine_thousand_bytes_is_refused_both_ways()
    {
        var huge = MdnsPacket.Response([MdnsRecord.ForText("big.local", [.. Enumerable.Repeat(new string('x', 250), 40)], TimeSpan.FromMinutes(1))], []);

        Assert.Throws<ArgumentException>(() => MdnsCodec.Encode(huge));
        Assert.Contains("exceeds", MdnsCodec.Decode(new byte[MdnsCodec.MaxPacketBytes + 1]).Error);
    }

    [Fact]
    public void Record_types_other_than_the_four_are_skipped_not_refused()
    {
        var bytes = MdnsCodec.Encode(MdnsExamples.Packets[1]).ToList();
        // An AAAA additional record appended by hand: name pointer to offset 12, type 28, class IN, TTL 120, 16 bytes of address.
        bytes[11]++;
        bytes.AddRange([0xC0, 0x0C, 0x00, 0x1C, 0x00, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x10, .. new byte[16]]);
        var decoded = MdnsCodec.Decode([.. bytes]);

        Assert.True(decoded.IsSuccess, decoded.Error);
        Assert.Single(decoded.Packet.Answers);
        Assert.Equal(3, decoded.Packet.Additionals.Count);
    }

    [Property(MaxTest = 300)]
    public Property Generated_packets_round_trip() =>
        Prop.ForAll(Packets.ToArbitrary(), packet =>
        {
            var decoded = MdnsCodec.Decode(MdnsCodec.Encode(packet));
            return decoded.IsSuccess && Same(packet, decoded.Packet);
        });

    // Every host of a segment decodes the same multicast: the codec hands back the packet it decoded
    // lately for equal bytes (a copy, not the same array), and never for other bytes.
    [Property(MaxTest = 200)]
    public Property A_packet_decoded_lately_comes_back_for_equal_bytes_only() =>
        Prop.ForAll(Packets.ToArbitrary(), Packets.ToArbitrary(), (first, second) =>
        {
            var firstBytes = MdnsCodec.Encode(first);
            var secondBytes = MdnsCodec.Encode(second);
            var decodedFirst = MdnsCodec.Decode(firstBytes).Packet!;
            var decodedSecond = MdnsCodec.Decode(secondBytes).Packet!;
            var again = MdnsCodec.Decode(firstBytes.ToArray()).Packet!;
            var truncated = MdnsCodec.Decode(firstBytes.AsSpan(0, firstBytes.Length - 1));
            return ReferenceEquals(again, decodedFirst)
                && Same(first, again)
                && Same(second, decodedSecond)
                && (firstBytes.AsSpan().SequenceEqual(secondBytes) || !ReferenceEquals(decodedFirst, decodedSecond))
                && (!truncated.IsSuccess || !ReferenceEquals(truncated.Packet, decodedFirst));
        });

    private static Gen<MdnsPacket> Packets =>
        from isResponse in Gen.Elements(true, false)
        from questions in Gen.ListOf(Question).Select(list => list.Take(4).ToArray())
        from answers in Gen.ListOf(Record).Select(list => list.Take(6).ToArray())
        from additionals in Gen.ListOf(Record).Select(list => list.Take(4).ToArray())
        select new MdnsPacket(isResponse, questions, answers) { Additionals = additionals };

    private static Gen<string> Label =>
        from length in Gen.Choose(1, 20)
        from chars in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789- _".ToCharArray()), length)
        select new string(chars).Trim() is { Length: > 0 } label ? label : "x";

    private static Gen<string> Name =>
        from labels in Gen.ArrayOf(Label, 2).Select(array => array.Take(3))
        select string.Join('.', labels.Append("local"));

    private static Gen<MdnsQuestion> Question =>
        from name in Name
        from kind in Gen.Elements(MdnsRecordKind.A, MdnsRecordKind.Ptr, MdnsRecordKind.Srv, MdnsRecordKind.Txt, MdnsRecordKind.Any)
        from unicast in Gen.Elements(true, false)
        select new MdnsQuestion(name, kind, unicast);

    private static Gen<MdnsRecord> Record =>
        from name in Name
        from target in Name
        from ttl in Gen.Choose(0, 5000).Select(seconds => TimeSpan.FromSeconds(seconds))
        from port in Gen.Choose(1, 65535)
        from address in Gen.Choose(1, int.MaxValue).Select(value => new IPAddress(BitConverter.GetBytes(value)))
        from text in Gen.ListOf(Label).Select(list => list.Take(5).Select(label => $"k={label}").ToArray())
        from kind in Gen.Choose(0, 3)
        select kind switch
        {
            0 => MdnsRecord.ForAddress(name, address, ttl),
            1 => MdnsRecord.ForPointer(name, target, ttl),
            2 => MdnsRecord.ForService(name, target, port, ttl),
            _ => MdnsRecord.ForText(name, text, ttl),
        };

    private static void AssertSame(MdnsPacket expected, MdnsPacket actual) => Assert.True(Same(expected, actual), $"{expected} != {actual}");

    private static bool Same(MdnsPacket expected, MdnsPacket actual) =>
        expected.IsResponse == actual.IsResponse
        && expected.Questions.SequenceEqual(actual.Questions)
        && SameRecords(expected.Answers, actual.Answers)
        && SameRecords(expected.Authorities, actual.Authorities)
        && SameRecords(expected.Additionals, actual.Additionals);

    private static bool SameRecords(IReadOnlyList<MdnsRecord> expected, IReadOnlyList<MdnsRecord> actual) =>
        expected.Count == actual.Count
        && expected.Zip(actual).All(pair => pair.First.SameAs(pair.Second) && pair.First.Ttl == pair.Second.Ttl && pair.First.CacheFlush == pair.Second.CacheFlush);
}
