using System.Text.RegularExpressions;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.DataChannels;
using Xunit.Abstractions;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// Our peer against headless Chromium (Debian's chromium, or where it is absent the one the pinned
/// @sparticuz/chromium npm package ships; driven by playwright-core) on loopback. Chromium hides
/// its host address behind a .local name, so our ICE agent must learn it as a peer-reflexive
/// candidate from Chromium's checks.
/// </summary>
public sealed partial class ChromiumInteropTests(ITestOutputHelper output) : IClassFixture<NodeMissingNotice>
{
    private const int Megabyte = 1024 * 1024;

    /// <summary>Chromium (153 and 156) sends at most 256 KiB per message: its own max-message-size.</summary>
    private const int ChromiumSendLimit = 256 * 1024;

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_channel_with_chromium_opens_carries_messages_both_ways_and_closes(bool weOffer)
    {
        NodeRuntime.SkipTestIfMissing();
        output.WriteLine($"Chromium: {JsPeers.ChromiumPath}");
        await using var ours = new OurPeer();
        await using var chromium = PeerProcess.Start("chromium", offers: !weOffer);

        // Chromium declares a=max-message-size:262144 yet reassembles larger messages (checked with
        // werift sending it 1 MB); we raise what it declares so our stack lets the 1 MB message go.
        await Signalling.ConnectAsync(ours, chromium, weOffer, sdp => MaxMessageSize().Replace(sdp, $"a=max-message-size:{Megabyte * 2}"));

        var channel = await ours.ChannelOpen.WaitAsync(TimeSpan.FromSeconds(60));
        await chromium.NextAsync("open");

        channel.Send("hello from C#");
        Assert.Equal("hello from C#", (await chromium.NextAsync("text")).Text);
        Assert.Equal("echo:hello from C#", (await ours.NextMessageAsync()).Text);

        chromium.Send(new { kind = "send-text", text = "hello from chromium" });
        Assert.Equal("hello from chromium", (await ours.NextMessageAsync()).Text);

        channel.Send(Pattern.Of(Megabyte));
        var arrived = await chromium.NextAsync("binary");
        Assert.Equal(Megabyte, arrived.Length);
        Assert.True(arrived.PatternOk);
        Assert.Equal("echo:binary 1048576 true", (await ours.NextMessageAsync()).Text);

        chromium.Send(new { kind = "send-binary", length = ChromiumSendLimit });
        var fromChromium = await ours.NextMessageAsync();
        Assert.False(fromChromium.IsText);
        Assert.Equal(ChromiumSendLimit, fromChromium.Data.Length);
        Assert.True(Pattern.Holds(fromChromium.Data));

        channel.Close();
        await chromium.NextAsync("closed");
        await ours.ChannelClosed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DataChannelState.Closed, channel.State);
        await ours.Connection.CloseAsync();
    }

    [GeneratedRegex(@"a=max-message-size:\d+")]
    private static partial Regex MaxMessageSize();
}
