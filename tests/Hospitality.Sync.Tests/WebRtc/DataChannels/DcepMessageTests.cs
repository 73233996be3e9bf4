using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Tests.WebRtc.Stun;
using Hospitality.Sync.WebRtc.DataChannels;

namespace Hospitality.Sync.Tests.WebRtc.DataChannels;

public sealed class DcepMessageTests
{
    private static readonly Gen<DataChannelOpen> Opens =
        from type in Gen.Elements(Enum.GetValues<DataChannelType>())
        from priority in ArbMap.Default.GeneratorFor<ushort>()
        from reliability in ArbMap.Default.GeneratorFor<uint>()
        from label in StunMessages.Text(20)
        from protocol in StunMessages.Text(10)
        select new DataChannelOpen { ChannelType = type, Priority = priority, ReliabilityParameter = reliability, Label = label, Protocol = protocol };

    [Fact]
    public void An_open_for_a_reliable_ordered_channel_has_the_rfc_layout()
    {
        var open = new DataChannelOpen { Label = "chat", Protocol = "" };

        Assert.Equal(Hex.Bytes("03 00 0080 00000000 0004 0000 63686174"), open.Encode());
        Assert.True(open.Ordered);
    }

    [Fact]
    public void An_ack_is_one_byte()
    {
        Assert.Equal([0x02], DataChannelAck.Instance.Encode());
        Assert.Same(DataChannelAck.Instance, DcepMessage.Decode([0x02]));
    }

    [Fact]
    public void Unordered_channel_types_have_bit_seven_set()
    {
        Assert.False(new DataChannelOpen { ChannelType = DataChannelType.PartialReliableRetransmitUnordered }.Ordered);
    }

    [Property(MaxTest = 500)]
    public Property Every_open_survives_a_round_trip() =>
        Prop.ForAll(Opens.ToArbitrary(), open => DcepMessage.Decode(open.Encode()).Equals(open));

    [Property(MaxTest = 2_000)]
    public bool Random_bytes_raise_only_the_codecs_own_error(byte[] noise)
    {
        try
        {
            DcepMessage.Decode(noise);
            return DcepMessage.TryDecode(noise, out _, out _);
        }
        catch (DcepFormatException exception)
        {
            return !DcepMessage.TryDecode(noise, out _, out var error) && error == exception.Message;
        }
    }

    [Theory]
    [InlineData("", "has no type")]
    [InlineData("04", "neither OPEN")]
    [InlineData("0200", "is 1 byte, not 2")]
    [InlineData("03 00 0080 00000000 0004", "fixed fields take 12")]
    [InlineData("03 00 0080 00000000 0004 0000 636861", "is 16 bytes, not 15")]
    [InlineData("03 03 0080 00000000 0000 0000", "channel type 0x03")]
    [InlineData("03 00 0080 00000000 0001 0000 ff", "not valid UTF-8")]
    public void Malformed_messages_are_refused_with_the_reason(string hex, string reason)
    {
        Assert.Contains(reason, Assert.Throws<DcepFormatException>(() => DcepMessage.Decode(Hex.Bytes(hex))).Message);
    }
}
