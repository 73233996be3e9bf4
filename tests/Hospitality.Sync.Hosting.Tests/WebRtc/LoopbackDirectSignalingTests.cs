using System.Diagnostics;
using System.Text;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.WebRtc.Peers;
using Xunit.Abstractions;

namespace Hospitality.Sync.Hosting.Tests.WebRtc;

/// <summary>
/// Signaling without any server on real sockets: two <see cref="WebRtcPeer"/>s on 127.0.0.1 with no
/// signaling server find each other's <c>_hospitality-peer._tcp</c> records over real mDNS multicast on
/// loopback, signal over real TCP and open a data channel over real UDP with BouncyCastle's DTLS.
/// Each device runs on its own run loop, as hotel-node's do (<see cref="LoopbackDevice"/>).
/// Speed is reported, never asserted (this machine is shared).
/// </summary>
public sealed class LoopbackDirectSignalingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Also the regression test of a CI failure: the peers' DTLS raised its events on its own threads, so a link
    /// closing (the other device going away) removed itself from the peer's link table while the peer was being
    /// disposed on the test's thread, and the table broke (a NullReferenceException). Here every event of each
    /// peer reaches it on its loop, and both are disposed at once while their link closes.
    /// </summary>
    [Fact]
    public async Task Two_peers_without_a_server_find_each_other_over_mdns_signal_directly_and_exchange_a_message()
    {
        // Unique per run: other test runs on this machine may share the loopback segment.
        var run = $"{CryptoRandomSource.Instance.NextUInt64():x}";
        var property = $"property-{run}";
        var (deviceA, deviceB) = ($"tablet-a-{run}", $"tablet-b-{run}");
        var started = Stopwatch.StartNew();
        await using var a = await LoopbackDevice.StartAsync(property, deviceA);
        await using var b = await LoopbackDevice.StartAsync(property, deviceB);
        var atB = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await b.OnLoopAsync(peer => peer.MessageReceived += message => atB.TrySetResult($"{message.PeerId}:{Encoding.UTF8.GetString(message.Message.Data)}"));
        var linked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await a.OnLoopAsync(peer => peer.PeerJoined += _ => linked.TrySetResult());

        Assert.False(await a.ConnectAsync());
        Assert.False(await b.ConnectAsync());
        await linked.Task.WaitAsync(Patience);
        var failedAttempts = await a.OnLoopAsync(peer => peer.LinksFailed) + await b.OnLoopAsync(peer => peer.LinksFailed);
        output.WriteLine($"channel open {started.ElapsedMilliseconds} ms after start, with no signaling server; failed link attempts {failedAttempts}");

        Assert.True(await a.OnLoopAsync(peer => peer.IsSignalingDirect) && await b.OnLoopAsync(peer => peer.IsSignalingDirect));
        Assert.True(await a.SendAsync(deviceB, Encoding.UTF8.GetBytes("room 101 clean")));
        Assert.Equal($"{deviceA}:room 101 clean", await atB.Task.WaitAsync(Patience));
        Assert.True(await a.OnLoopAsync(peer => peer.DirectSignalsReceived) > 0 && await b.OnLoopAsync(peer => peer.DirectSignalsReceived) > 0);

        await Task.WhenAll(b.DisposeAsync().AsTask(), a.DisposeAsync().AsTask());
        Assert.Equal((0, 0), (a.EventsOffLoop, b.EventsOffLoop));
        Assert.Null(a.Loop.Fault);
        Assert.Null(b.Loop.Fault);
    }
}
