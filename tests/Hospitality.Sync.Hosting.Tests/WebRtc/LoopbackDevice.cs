using System.Net;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Hosting.Dtls;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.Randomness;
using Hospitality.Sync.Hosting.RunLoop;
using Hospitality.Sync.Hosting.WebRtc;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sync.Hosting.Tests.WebRtc;

/// <summary>
/// A device as production runs one: its own <see cref="NodeRunLoop"/>, on which its mDNS and its
/// <see cref="WebRtcPeer"/> (real UDP, BouncyCastle's DTLS posting to the loop, direct signaling over
/// real TCP, no server) are created, used and disposed. Counts the peer's events that arrive off the loop.
/// </summary>
internal sealed class LoopbackDevice : IAsyncDisposable
{
    private readonly OsNetworkInterfaces _interfaces;
    private readonly MulticastDns _mdns;
    private Task? _disposal;

    private LoopbackDevice(NodeRunLoop loop, OsNetworkInterfaces interfaces, MulticastDns mdns, WebRtcPeer peer)
    {
        Loop = loop;
        _interfaces = interfaces;
        _mdns = mdns;
        Peer = peer;
        Peer.PeerJoined += _ => Seen();
        Peer.PeerLeft += _ => Seen();
        Peer.MessageReceived += _ => Seen();
    }

    public NodeRunLoop Loop { get; }

    /// <summary>Touch it only on <see cref="Loop"/>.</summary>
    public WebRtcPeer Peer { get; }

    /// <summary>The peer's events raised off the loop: must stay 0.</summary>
    public int EventsOffLoop { get; private set; }

    /// <summary>Starts mDNS and the peer of <paramref name="device"/> on a loop of its own.</summary>
    public static async Task<LoopbackDevice> StartAsync(string property, string device)
    {
        var loop = new NodeRunLoop(device);
        try
        {
            return await loop.InvokeAsync(async () =>
            {
                // Made on the loop: the interfaces post the OS's notifications to the context they were made on.
                var interfaces = new OsNetworkInterfaces("lo");
                var network = new OsNetwork(multicastInterface: IPAddress.Loopback);
                var mdns = new MulticastDns(network, interfaces, TimeProvider.System, CryptoRandomSource.Instance, new MdnsOptions { HostName = $"host-{device}" });
                var peer = new WebRtcPeer(
                    new WebRtcPeerOptions
                    {
                        PropertyId = property,
                        DeviceId = device,
                        SignalingServers = [],
                        Discovery = mdns,
                        DirectSignaling = new SignalingServerOptions { Port = 0 },
                        Rtc = new RtcConfiguration { HostAddresses = [IPAddress.Loopback] },
                    },

                    // As hotel-node composes a device: DTLS runs on threads of its own and posts every event to the loop.
                    OsRtcPorts.Default with { Network = network, Dtls = new BouncyCastleDtlsTransportFactory(loop.Context) });
                var started = new LoopbackDevice(loop, interfaces, mdns, peer);
                await mdns.StartAsync(CancellationToken.None);
                return started;
            });
        }
        catch
        {
            loop.Dispose();
            throw;
        }
    }

    /// <summary>Starts the peer on its loop: false while no signaling server answers (there is none here).</summary>
    public Task<bool> ConnectAsync() => Loop.InvokeAsync(() => Peer.ConnectAsync());

    public Task<T> OnLoopAsync<T>(Func<WebRtcPeer, T> read) => Loop.InvokeAsync(() => read(Peer));

    public Task OnLoopAsync(Action<WebRtcPeer> work) => Loop.InvokeAsync(() =>
    {
        work(Peer);
        return true;
    });

    public Task<bool> SendAsync(string peer, byte[] message) => Loop.InvokeAsync(async () => await Peer.SendAsync(peer, message));

    /// <summary>Disposes the peer and mDNS on the loop (the peer throws if it refused work off it), then stops the loop; once.</summary>
    public ValueTask DisposeAsync() => new(_disposal ??= DisposeOnceAsync());

    private async Task DisposeOnceAsync()
    {
        try
        {
            await Loop.InvokeAsync(async () =>
            {
                try
                {
                    await Peer.DisposeAsync();
                }
                finally
                {
                    await _mdns.DisposeAsync();
                    _interfaces.Dispose();
                }
            });
        }
        finally
        {
            Loop.Dispose();
        }
    }

    private void Seen() => EventsOffLoop += Loop.IsCurrent ? 0 : 1;
}
