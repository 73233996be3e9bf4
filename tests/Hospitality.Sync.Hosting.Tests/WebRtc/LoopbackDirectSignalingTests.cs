using System.Diagnostics;
using System.Net;
using System.Text;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.Hosting.Tests.Discovery;
using Hospitality.Sync.Hosting.WebRtc;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;
using Xunit.Abstractions;

namespace Hospitality.Sync.Hosting.Tests.WebRtc;

/// <summary>
/// Signaling without any server on real sockets: two <see cref="WebRtcPeer"/>s on 127.0.0.1 with no
/// signaling server find each other's <c>_hospitality-peer._tcp</c> records over real mDNS multicast on
/// loopback, signal over real TCP and open a data channel over real UDP with BouncyCastle's DTLS.
/// Speed is reported, never asserted (this machine is shared).
/// </summary>
public sealed class LoopbackDirectSignalingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Two_peers_without_a_server_find_each_other_over_mdns_signal_directly_and_exchange_a_message()
    {
        SingleThreadedContext.Run(async () =>
        {
            // Unique per run: other test runs on this machine may share the loopback segment.
            var run = $"{CryptoRandomSource.Instance.NextUInt64():x}";
            var property = $"property-{run}";
            var (deviceA, deviceB) = ($"tablet-a-{run}", $"tablet-b-{run}");
            var network = new OsNetwork(multicastInterface: IPAddress.Loopback);
            using var interfaces = new OsNetworkInterfaces("lo");
            var started = Stopwatch.StartNew();
            await using var mdnsA = Mdns(network, interfaces, $"a-{property}");
            await using var mdnsB = Mdns(network, interfaces, $"b-{property}");
            await using var a = Peer(network, mdnsA, property, deviceA);
            await using var b = Peer(network, mdnsB, property, deviceB);
            var atB = new TaskCompletionSource<string>();
            b.MessageReceived += message => atB.TrySetResult($"{message.PeerId}:{Encoding.UTF8.GetString(message.Message.Data)}");
            var linked = new TaskCompletionSource();
            a.PeerJoined += _ => linked.TrySetResult();

            await mdnsA.StartAsync(CancellationToken.None);
            await mdnsB.StartAsync(CancellationToken.None);
            Assert.False(await a.ConnectAsync());
            Assert.False(await b.ConnectAsync());
            await linked.Task.WaitAsync(Patience);
            output.WriteLine($"channel open {started.ElapsedMilliseconds} ms after start, with no signaling server; failed link attempts {a.LinksFailed + b.LinksFailed}");

            Assert.True(a.IsSignalingDirect && b.IsSignalingDirect);
            Assert.True(await a.SendAsync(deviceB, Encoding.UTF8.GetBytes("room 101 clean")));
            Assert.Equal($"{deviceA}:room 101 clean", await atB.Task.WaitAsync(Patience));
            Assert.True(a.DirectSignalsReceived > 0 && b.DirectSignalsReceived > 0);
        });
    }

    private static MulticastDns Mdns(OsNetwork network, OsNetworkInterfaces interfaces, string hostName) =>
        new(network, interfaces, TimeProvider.System, CryptoRandomSource.Instance, new MdnsOptions { HostName = hostName });

    private static WebRtcPeer Peer(OsNetwork network, MulticastDns mdns, string property, string device) =>
        new(
            new WebRtcPeerOptions
            {
                PropertyId = property,
                DeviceId = device,
                SignalingServers = [],
                Discovery = mdns,
                DirectSignaling = new SignalingServerOptions { Port = 0 },
                Rtc = new RtcConfiguration { HostAddresses = [IPAddress.Loopback] },
            },
            OsRtcPorts.Default with { Network = network });
}
