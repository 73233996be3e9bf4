using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.WebRtc;
using Hospitality.Sync.Clock;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.Storage;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>
/// The seed's use case 1: a small hotel without a Greengrass, its tablets on Wi-Fi replicating with
/// the cloud, which also runs the signaling server; the tablets replicate with each other over
/// WebRTC (the real stack, the DTLS model) through <see cref="PeerReplication"/>.
/// </summary>
public sealed class SmallHotelWorld
{
    public SmallHotelWorld(int tablets, ulong seed = 1, LinkProfile? tabletLink = null)
    {
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation);
        var region = Network.AddSegment("cloud", SegmentKind.CloudRegion, LinkProfiles.CloudEdge);
        Building = Network.AddSegment("building", SegmentKind.Building, LinkProfiles.Broadband);
        var cloudHost = Network.AddHost("cloud-1", region, LinkProfiles.Datacenter);
        Network.RegisterName("cloud", cloudHost);
        Cloud = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(cloudHost.Clock, "cloud"));
        var server = new ReplicationServer(Cloud, cloudHost.Network);
        var signaling = new SignalingServer(cloudHost.Network, Simulation.Clock);
        cloudHost.Spawn("servers", async _ =>
        {
            await server.StartAsync();
            await signaling.StartAsync();
        });
        var signalingAt = new IPEndPoint(cloudHost.Address!, new SignalingServerOptions().Port);
        for (var i = 1; i <= tablets; i++)
        {
            var host = Network.AddHost($"tablet-{i}", Building, tabletLink ?? LinkProfiles.Wifi);
            var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(host.Clock, host.Name));
            var replicator = new Replicator(replica, host.Network, new ReplicatorOptions { Upstream = "cloud", Host = "cloud" }, host.Clock, Simulation.Random($"{host.Name}/replicator"));
            var peer = new WebRtcPeer(
                new WebRtcPeerOptions { PropertyId = "small-hotel", DeviceId = host.Name, SignalingServers = [signalingAt], Rtc = new RtcConfiguration { HostAddresses = [host.Address!] } },
                new RtcPorts(host.Network, host.Clock, Simulation.Random($"{host.Name}/webrtc"), new DtlsModelFactory(host.Clock, Simulation.Random($"{host.Name}/dtls"))));
            var p2p = new PeerReplication(replica, peer);
            host.Spawn("replication", async _ =>
            {
                await peer.ConnectAsync();
                await replicator.StartAsync();
                await replicator.Completion;
            });
            Tablets.Add(new Tablet(host, replica, replicator, peer, p2p));
        }
    }

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public Segment Building { get; }

    public Replica Cloud { get; }

    public List<Tablet> Tablets { get; } = [];

    public bool RunUntil(Func<bool> condition, double seconds)
    {
        Simulation.RunUntil(condition, Simulation.Now + TimeSpan.FromSeconds(seconds));
        return condition();
    }

    public sealed record Tablet(SimHost Host, Replica Replica, Replicator Replicator, WebRtcPeer Peer, PeerReplication P2P);
}
