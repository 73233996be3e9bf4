using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.WebRtc;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.Tests.Simulated;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>Tablets running <see cref="WebRtcPeer"/> (the real stack, the DTLS model) on a hotel LAN, with a signaling server on the Greengrass.</summary>
public sealed class PeerWorld
{
    private readonly Segment _building;
    private readonly SimHost _greengrass;
    private readonly Dictionary<string, SimHost> _hosts = [];

    public PeerWorld(ulong seed = 1)
    {
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation);
        _building = Network.AddSegment("building", SegmentKind.Building, LinkProfiles.Lan);
        _greengrass = Network.AddHost("greengrass", _building, LinkProfiles.Lan);
        Signaling = new IPEndPoint(_greengrass.Address!, new SignalingServerOptions().Port);
        StartServer();
    }

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public SignalingServer? Server { get; private set; }

    public IPEndPoint Signaling { get; }

    public Dictionary<string, WebRtcPeer> Peers { get; } = [];

    public Dictionary<string, List<string>> Received { get; } = [];

    public List<(string Device, string Peer, string Reason)> Unavailable { get; } = [];

    public void StartServer()
    {
        Server = new SignalingServer(_greengrass.Network, Simulation.Clock);
        Run(() => Server.StartAsync());
    }

    public void StopServer()
    {
        Run(() => Server!.StopAsync());
        Server = null;
    }

    public SimHost Host(string device) => _hosts[device];

    /// <summary>The host of <paramref name="device"/> on the building's LAN, added the first time it is asked for.</summary>
    public SimHost HostFor(string device) =>
        _hosts.TryGetValue(device, out var host) ? host : _hosts[device] = Network.AddHost(device, _building, LinkProfiles.Lan);

    /// <summary>Starts a peer for <paramref name="device"/> on its own host (kept across restarts); records what it receives.</summary>
    public WebRtcPeer Start(string device, string property = "hotel-1", int maxLinks = 6)
    {
        var host = HostFor(device);
        var generation = Peers.Count + Received.Count;
        var ports = new RtcPorts(host.Network, Simulation.Clock, Simulation.Random($"{device}/webrtc/{generation}"), new DtlsModelFactory(Simulation.Clock, Simulation.Random($"{device}/dtls/{generation}")));
        var peer = new WebRtcPeer(
            new WebRtcPeerOptions { PropertyId = property, DeviceId = device, SignalingServers = [Signaling], Rtc = new RtcConfiguration { HostAddresses = [host.Address!] }, MaxLinks = maxLinks },
            ports);
        var received = Received[device] = [];
        peer.MessageReceived += message => received.Add($"{message.PeerId}:{System.Text.Encoding.UTF8.GetString(message.Message.Data)}");
        peer.PeerUnavailable += (other, reason) => Unavailable.Add((device, other, reason));
        Peers[device] = peer;
        Simulation.Spawn($"{device}/connect", async () => await peer.ConnectAsync());
        return peer;
    }

    public void Stop(string device)
    {
        var peer = Peers[device];
        Peers.Remove(device);
        Run(async () => await peer.DisposeAsync());
    }

    public T Run<T>(Func<Task<T>> body) => Simulation.RunStep(body);

    public void Run(Func<Task> body) => Simulation.RunStep(body);

    public bool RunUntil(Func<bool> condition, double seconds)
    {
        Simulation.RunUntil(condition, Simulation.Now + TimeSpan.FromSeconds(seconds));
        return condition();
    }

    public void Settle(double seconds = 1) => Simulation.RunFor(TimeSpan.FromSeconds(seconds));

    public static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
