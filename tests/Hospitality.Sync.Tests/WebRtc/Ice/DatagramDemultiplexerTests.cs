using Hospitality.Sync.Tests.WebRtc.Stun;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Stun;

namespace Hospitality.Sync.Tests.WebRtc.Ice;

public sealed class DatagramDemultiplexerTests
{
    [Fact]
    public void A_stun_message_is_stun()
    {
        var stun = new StunMessage { Type = StunMessageType.BindingRequest, TransactionId = default }.Encode();

        Assert.Equal(DatagramKind.Stun, DatagramDemultiplexer.Classify(stun));
    }

    [Theory]
    [InlineData("16fefd0000000000000000", DatagramKind.Dtls)]
    [InlineData("14fefd0000000000000000", DatagramKind.Dtls)]
    [InlineData("17fefd0000000000000000", DatagramKind.Dtls)]
    [InlineData("3f", DatagramKind.Dtls)]
    [InlineData("8060000100000000", DatagramKind.Other)]
    [InlineData("40", DatagramKind.Other)]
    [InlineData("13", DatagramKind.Other)]
    [InlineData("", DatagramKind.Other)]
    [InlineData("0001000021120000000000000000000000000000", DatagramKind.Other)]
    public void The_first_byte_decides_as_rfc_9443_says(string hex, DatagramKind kind)
    {
        Assert.Equal(kind, DatagramDemultiplexer.Classify(Hex.Bytes(hex)));
    }
}
