using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.DataChannels;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>Our peer against werift 0.24.4 (Node) on loopback, with each side offering in turn.</summary>
public sealed class WeriftInteropTests : IClassFixture<NodeMissingNotice>
{
    private const int Megabyte = 1024 * 1024;

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_channel_with_werift_opens_and_carries_text_both_ways(bool weOffer)
    {
        NodeRuntime.SkipTestIfMissing();
        await using var ours = new OurPeer();
        await using var werift = PeerProcess.Start("werift", offers: !weOffer);
        await Signalling.ConnectAsync(ours, werift, weOffer);

        var channel = await ours.ChannelOpen.WaitAsync(TimeSpan.FromSeconds(30));
        await werift.NextAsync("open");
        Assert.Equal("interop", channel.Label);
        // The offerer opens the channel and is the DTLS server (actpass answered by active), so its id is odd.
        Assert.Equal(1, channel.Id % 2);

        channel.Send("hello from C#");
        Assert.Equal("hello from C#", (await werift.NextAsync("text")).Text);
        Assert.Equal("echo:hello from C#", (await ours.NextMessageAsync()).Text);

        werift.Send(new { kind = "send-text", text = "hello from werift" });
        var received = await ours.NextMessageAsync();
        Assert.True(received.IsText);
        Assert.Equal("hello from werift", received.Text);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_megabyte_binary_message_crosses_to_werift_and_back(bool weOffer)
    {
        NodeRuntime.SkipTestIfMissing();
        await using var ours = new OurPeer();
        await using var werift = PeerProcess.Start("werift", offers: !weOffer);
        await Signalling.ConnectAsync(ours, werift, weOffer);
        var channel = await ours.ChannelOpen.WaitAsync(TimeSpan.FromSeconds(30));

        channel.Send(Pattern.Of(Megabyte));
        var arrived = await werift.NextAsync("binary");
        Assert.Equal(Megabyte, arrived.Length);
        Assert.True(arrived.PatternOk);

        var echoed = await ours.NextMessageAsync();
        Assert.False(echoed.IsText);
        Assert.Equal(Megabyte, echoed.Data.Length);
        Assert.True(Pattern.Holds(echoed.Data));

        werift.Send(new { kind = "send-binary", length = Megabyte });
        var sent = await ours.NextMessageAsync();
        Assert.Equal(Megabyte, sent.Data.Length);
        Assert.True(Pattern.Holds(sent.Data));
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Closing_a_channel_closes_it_on_both_sides(bool weClose)
    {
        NodeRuntime.SkipTestIfMissing();
        await using var ours = new OurPeer();
        await using var werift = PeerProcess.Start("werift", offers: false);
        await Signalling.ConnectAsync(ours, werift, weOffer: true);
        var channel = await ours.ChannelOpen.WaitAsync(TimeSpan.FromSeconds(30));
        await werift.NextAsync("open");

        if (weClose)
        {
            channel.Close();
        }
        else
        {
            werift.Send(new { kind = "close" });
        }

        await werift.NextAsync("closed");
        await ours.ChannelClosed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DataChannelState.Closed, channel.State);

        await ours.Connection.CloseAsync();
        Assert.Equal(RtcPeerConnectionState.Closed, ours.Connection.ConnectionState);
    }
}
