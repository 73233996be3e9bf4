using Hospitality.Sim.Discovery;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.Peers;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Detection;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Replication;

namespace Hospitality.Sim.World;

/// <summary>
/// A staff tablet: the real engine with MultiServerReplication toward its upstreams, in priority
/// order; on an mDNS property it finds the Greengrass by mDNS and follows its network detector; on a P2P
/// property it also replicates with the property's other tablets over WebRTC (<see cref="TabletPeer"/>).
/// </summary>
public sealed class Tablet : WorldNode
{
    private readonly IReadOnlyList<ReplicationEndpoint> _endpoints;
    private readonly Simulation _simulation;
    private readonly DiscoveryPlan? _discovery;
    private readonly PeerPlan? _peers;
    private DeviceAwareness? _awareness;
    private TabletPeer? _peer;
    private int _boots;
    private PushDeltaCounts _pushDeltasOfEarlierBoots;

    internal Tablet(SimHost host, int property, string kind, IReadOnlyList<ReplicationEndpoint> endpoints, Simulation simulation, EngineOverrides? overrides, SimNodeProcessor processor, DiscoveryPlan? discovery = null, PeerPlan? peers = null)
        : base(host, NodeRole.Device, property, overrides)
    {
        Kind = kind;
        Processor = processor;
        _endpoints = endpoints;
        _simulation = simulation;
        _discovery = discovery;
        _peers = peers;
        Boot();
    }

    /// <summary>What the device is used for, e.g. "front-desk" or "housekeeping".</summary>
    public string Kind { get; }

    /// <summary>The tablet's processor: merging what its upstream and its P2P peers send and encoding its pushes take their time on it.</summary>
    public SimNodeProcessor Processor { get; }

    /// <summary>The running replication; a new one after each restart.</summary>
    public MultiServerReplication Replication { get; private set; } = null!;

    public override string? ActiveEndpoint => Replication.ActiveEndpoint;

    public override PushDeltaCounts PushDeltas => _pushDeltasOfEarlierBoots + Running(Replication);

    /// <summary>The running network detector, or null when the property's discovery is static.</summary>
    public NetworkDetector? Detector => _awareness?.Detector;

    /// <summary>The Greengrass locator of the running mDNS, or null when the property's discovery is static.</summary>
    public GreengrassLocator? Locator => _awareness?.Locator;

    /// <summary>Whether the tablet runs P2P (its property has it and the tablet is on the building's network).</summary>
    public bool RunsP2P => _peers is not null;

    /// <summary>The running WebRTC peer, or null without P2P (or while crashed).</summary>
    public Sync.WebRtc.Peers.WebRtcPeer? Peer => _peer?.Peer;

    /// <summary>The running P2P replication, or null without P2P (or while crashed).</summary>
    public Sync.PeerSync.PeerReplication? PeerReplication => _peer?.Replication;

    /// <summary>The peer whose versions this tablet is merging right now over P2P (P2P replication's own <see cref="Sync.PeerSync.PeerReplication.MergingFrom"/>), or null (for the propagation probe).</summary>
    public string? MergingFromPeer => _peer?.Replication.MergingFrom;

    /// <summary>Tells the detector's measurement that the world changed now in a way the device cannot see (its Greengrass crashed).</summary>
    public void MarkNetworkChange() => _awareness?.MarkChange();

    internal override void Boot()
    {
        var boot = _boots++ == 0 ? "" : $"/boot-{_boots}";
        _pushDeltasOfEarlierBoots += Running(Replication);
        var replication = MultiServerReplication.Create(
            Replica,
            Host.Network,
            new MultiServerReplicationOptions { Endpoints = _endpoints, Replicator = new() { Upstream = "unset", Host = "unset", Property = Scope.Property } },
            Host.Clock,
            _simulation.Random($"{Name}/replication{boot}"),
            Processor);
        Replication = replication;
        _awareness?.Retire();
        if (_discovery is { } discovery)
        {
            _awareness = new DeviceAwareness(Host, discovery, _simulation.Random($"{Name}/mdns{boot}"), advertisePeer: _peers is not { DirectSignaling: true });
            _awareness.Run(replication);
        }

        _peer?.Retire();
        _peer = _peers is { } peers ? new TabletPeer(Host, Replica, peers, _simulation, boot, Processor, _awareness?.Mdns) : null;

        Host.Spawn("replication", async _ =>
        {
            await replication.StartAsync();
            await replication.Completion;
        });
    }

    private static PushDeltaCounts Running(MultiServerReplication? replication) =>
        replication is null ? default : new PushDeltaCounts(replication.DeltasPushed, replication.DeltasResent, 0, 0);

    private protected override void Crashed()
    {
        _peer?.Retire();
        _peer = null;
    }
}
