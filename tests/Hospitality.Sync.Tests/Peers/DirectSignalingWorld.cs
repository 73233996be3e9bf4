using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.WebRtc;
using Hospitality.Sync.Access;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.Storage;
using Hospitality.Sync.Tests.Signaling;
using Hospitality.Sync.Tests.Simulated;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>
/// The seed's use case 1 without a Greengrass: tablets on one hotel segment, each with its own mDNS,
/// a <see cref="WebRtcPeer"/> that signals through the cloud's signaling server when the internet is
/// up and directly (over its <c>_hospitality-peer._tcp</c> record) when it is not, and P2P replication.
/// Tablets crash and restart with their replica's store kept, as a tablet's disk is.
/// </summary>
public sealed class DirectSignalingWorld
{
    public const int DirectPort = 8081;

    private readonly IPEndPoint _signalingAt;
    private readonly SignalingAdmission? _admission;

    public DirectSignalingWorld(ulong seed = 1, bool internetUp = true, IAccessTokenVerifier? tokens = null, LinkProfile? tabletLink = null)
    {
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation);
        var region = Network.AddSegment("cloud", SegmentKind.CloudRegion, LinkProfiles.CloudEdge);
        Building = Network.AddSegment("building", SegmentKind.Building, LinkProfiles.Broadband);
        TabletLink = tabletLink ?? LinkProfiles.Wifi;
        var cloud = Network.AddHost("cloud-1", region, LinkProfiles.Datacenter);
        _admission = tokens is null ? null : new SignalingAdmission(tokens);
        Server = new SignalingServer(cloud.Network, Simulation.Clock, new SignalingServerOptions { Admission = _admission });
        _signalingAt = new IPEndPoint(cloud.Address!, new SignalingServerOptions().Port);
        Simulation.RunStep(() => Server.StartAsync());
        Network.SetInternetUp(Building, internetUp);
    }

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public Segment Building { get; }

    public LinkProfile TabletLink { get; }

    public SignalingServer Server { get; }

    public SortedDictionary<string, Tablet> Tablets { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a tablet of <paramref name="property"/> (a new host) and starts its software; <paramref name="token"/> is what it presents.</summary>
    public Tablet Add(string device, string property = "small-hotel", string? token = null)
    {
        var host = Network.AddHost(device, Building, TabletLink);
        var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(host.Clock, device));
        var tablet = Tablets[device] = new Tablet(device, property, token, host, replica);
        Start(tablet);
        return tablet;
    }

    /// <summary>Crashes the tablet's host: its processes die without a word to their peers.</summary>
    public void Crash(string device)
    {
        var tablet = Tablets[device];
        Network.Crash(tablet.Host);
        tablet.P2P!.Dispose();
        Simulation.RunStep(async () => await tablet.Peer!.DisposeAsync());
    }

    /// <summary>Brings the tablet back with fresh software (mDNS, peer, P2P) over the replica it kept.</summary>
    public void Restart(string device)
    {
        var tablet = Tablets[device];
        Network.Restart(tablet.Host);
        Start(tablet);
    }

    public bool RunUntil(Func<bool> condition, double seconds)
    {
        Simulation.RunUntil(condition, Simulation.Now + TimeSpan.FromSeconds(seconds));
        return condition();
    }

    /// <summary>Every tablet's planned links (of its own property) have open channels.</summary>
    public bool MeshFormed(int maxLinks = 6) => Tablets.Values.All(tablet =>
    {
        var room = Tablets.Values.Where(other => other.Property == tablet.Property).Select(other => other.Device).ToList();
        return tablet.Peer!.Peers.SequenceEqual(MeshPlan.Neighbours(tablet.Device, room, maxLinks));
    });

    private void Start(Tablet tablet)
    {
        var host = tablet.Host;
        tablet.Generation++;
        var tag = $"{tablet.Device}/{tablet.Generation}";
        var mdns = new MulticastDns(host.Network, host.Interfaces, host.Clock, Simulation.Random($"{tag}/mdns"), new MdnsOptions { HostName = tablet.Device });
        var peer = new WebRtcPeer(
            new WebRtcPeerOptions
            {
                PropertyId = tablet.Property,
                DeviceId = tablet.Device,
                SignalingServers = [_signalingAt],
                Discovery = mdns,
                DirectSignaling = new SignalingServerOptions { Port = DirectPort, Admission = _admission },
                AccessToken = tablet.Token,
                Rtc = new RtcConfiguration { HostAddresses = [host.Address!] },
            },
            new RtcPorts(host.Network, host.Clock, Simulation.Random($"{tag}/webrtc"), new DtlsModelFactory(host.Clock, Simulation.Random($"{tag}/dtls"))));
        tablet.Mdns = mdns;
        tablet.Peer = peer;
        tablet.P2P = new PeerReplication(tablet.Replica, peer);
        host.Spawn("mdns", async lifetime =>
        {
            await mdns.StartAsync(lifetime);
            await mdns.Completion;
        });
        host.Spawn("peer", async _ => await peer.ConnectAsync());
    }

    public sealed class Tablet(string device, string property, string? token, SimHost host, Replica replica)
    {
        public string Device { get; } = device;

        public string Property { get; } = property;

        public string? Token { get; } = token;

        public SimHost Host { get; } = host;

        public Replica Replica { get; } = replica;

        public int Generation { get; set; }

        public MulticastDns? Mdns { get; set; }

        public WebRtcPeer? Peer { get; set; }

        public PeerReplication? P2P { get; set; }
    }
}
