using System.Net;
using Hospitality.Sim.Discovery;
using Hospitality.Sim.Faults;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Metrics;
using Hospitality.Sim.Network;
using Hospitality.Sim.Peers;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.World;

/// <summary>
/// The seed's use cases as one world: a cloud and one or more properties, each with a Greengrass on
/// its LAN (or none: use case 1) that pushes to the cloud in batches, and tablets replicating through
/// MultiServerReplication (their Greengrass, then the cloud); on a P2P property the tablets also replicate
/// with each other over WebRTC, signaling through the Greengrass's signaling server, else the cloud's,
/// else directly over mDNS (see <see cref="TabletPeer"/>). Every node keeps its data on a
/// simulated disk, so a crashed node restarts from what it had committed. It is a game: components
/// added before it runs (the staff's workload) update every <see cref="UpdateStep"/>, and every
/// node draws its state and traffic into <see cref="SimulationGame.Frames"/> for the replay.
/// </summary>
public sealed class HotelChainWorld : SimulationGame, IDisposable
{
    public const string CloudName = "api.hotel.example";

    public const string CloudHostName = "cloud-api";

    /// <summary>Staff decide what they do next once a virtual second; what they do still happens at its own instant.</summary>
    public static readonly TimeSpan UpdateStep = TimeSpan.FromSeconds(1);

    /// <summary>A frame every 5 s at first; the frame log halves that as a long run fills it.</summary>
    public const int FirstDrawEvery = 5;

    private readonly EngineOverrides _overrides;
    private readonly Dictionary<int, int> _propertyOfHost = [];

    // The processors of one role share their timings: the report gives queues by role, not by node.
    private readonly StageTiming[] _greengrassTimings;
    private readonly StageTiming[] _deviceTimings;

    public HotelChainWorld(int tablets, ulong seed = 1, LinkProfile? tabletLink = null, int properties = 1, bool greengrass = true)
        : this(Enumerable.Range(0, properties).Select(_ => new PropertyPlan(greengrass, Enumerable.Repeat(tabletLink ?? LinkProfiles.Wifi, tablets).ToList())).ToList(), seed)
    {
    }

    /// <summary>A world of the planned properties; its servers' processors take <paramref name="serviceTimes"/> (calibrated defaults when null).</summary>
    public HotelChainWorld(IReadOnlyList<PropertyPlan> properties, ulong seed, EngineOverrides? overrides = null, ServiceTimes? serviceTimes = null)
        : base(new Simulation(seed), UpdateStep, FirstDrawEvery)
    {
        ServiceTimes = serviceTimes ?? new ServiceTimes();
        Machine = ServiceTimes.OneMachineCores is { } cores ? new SharedMachine(cores) : null;
        _overrides = (overrides ?? new EngineOverrides()) with { Crashes = TransactionCrashes };
        Network = new VirtualNetwork(Simulation);
        Propagation = new PropagationProbe(Simulation);
        var region = Network.AddSegment("cloud", SegmentKind.CloudRegion, LinkProfiles.CloudEdge);
        Carrier = Network.AddSegment("carrier", SegmentKind.Cellular, LinkProfiles.CarrierCore);
        var cloudHost = Network.AddHost(CloudHostName, region, LinkProfiles.Datacenter, RoleName(NodeRole.Cloud));
        Network.RegisterName(CloudName, cloudHost);
        _greengrassTimings = Network.Queues.Processor(RoleName(NodeRole.Greengrass));
        _deviceTimings = Network.Queues.Processor(RoleName(NodeRole.Device));
        CloudNode = Add(new CloudNode(cloudHost, _overrides, new SimNodeProcessor(Simulation, ServiceTimes, PropertyAt, Network.Queues.Processor(RoleName(NodeRole.Cloud)), CloudHostName, Machine), signaling: properties.Any(plan => plan.P2P)));
        for (var p = 0; p < properties.Count; p++)
        {
            Properties.Add(AddProperty(p + 1, properties[p]));
        }
    }

    // Which property a client of a server belongs to, for the cost section: by the node at its address now.
    private int PropertyAt(IPAddress address) =>
        Network.HostAt(address) is { } host ? _propertyOfHost.GetValueOrDefault(host.Id) : 0;

    /// <summary>How long each server's processor takes per piece of work.</summary>
    public ServiceTimes ServiceTimes { get; }

    /// <summary>The one machine every node runs on (<see cref="ServiceTimes.OneMachineCores"/>); null: each node has its own.</summary>
    public SharedMachine? Machine { get; }

    /// <summary>Where the nodes' stores lose power inside a transaction (none unless a trial arms one).</summary>
    public TransactionCrashes TransactionCrashes { get; } = new();

    public VirtualNetwork Network { get; }

    /// <summary>Discovery and switch-over times and mDNS traffic of the devices of mDNS properties.</summary>
    public DiscoveryLog Discovery { get; } = new();

    /// <summary>What the P2P devices' links did, by property (empty when no property runs P2P).</summary>
    public PeerLog Peers { get; } = new();

    /// <summary>The mobile carrier's network, where a device that leaves the building's Wi-Fi lands.</summary>
    public Segment Carrier { get; }

    /// <summary>Per-write, per-replica propagation latency, by path kind.</summary>
    public PropagationProbe Propagation { get; }

    public List<Property> Properties { get; } = [];

    /// <summary>Each property's name, as the scenario calls it (segment names otherwise).</summary>
    public List<string> PropertyNames { get; } = [];

    /// <summary>Every node, the cloud first, then each property's Greengrass and tablets.</summary>
    public List<WorldNode> Nodes { get; } = [];

    public CloudNode CloudNode { get; }

    public SimHost CloudHost => CloudNode.Host;

    public Replica Cloud => CloudNode.Replica;

    /// <summary>Property 1 (the one use case 2 is about).</summary>
    public Segment Building => Properties[0].Building;

    public SimHost GreengrassHost => Properties[0].GreengrassHost;

    public Replica Greengrass => Properties[0].Greengrass;

    public List<Tablet> Tablets => Properties[0].Tablets;

    public IEnumerable<Replica> Replicas => Nodes.Select(node => node.Replica);

    /// <summary>Every node's current store as on its disk, by name, as the convergence oracle checks them.</summary>
    public IEnumerable<(string Name, IDocumentStore Store)> Stores => Nodes.Select(node => (node.Name, node.Store));

    /// <summary>Every node's store with the scope it should hold, as the convergence oracle checks them.</summary>
    public IEnumerable<(string Name, IDocumentStore Store, Sync.Scoping.ReplicaScope Scope)> ScopedStores => Nodes.Select(node => (node.Name, node.Store, node.Scope));

    /// <summary>No device or Greengrass has anything left to push (the cloud has no upstream).</summary>
    public bool OutboxesDrained => Nodes.All(node => node.Role == NodeRole.Cloud || node.Replica.Store.OutboxCount == 0);

    public void Run(double seconds) => Run(TimeSpan.FromSeconds(seconds));

    /// <summary>Crashes a node: its software stops mid-flight and its connections vanish; its disk keeps what was committed.</summary>
    public void Crash(WorldNode node) => node.Crash(Network);

    /// <summary>Restarts a crashed node: it reopens its store from disk and boots its software again.</summary>
    public void Restart(WorldNode node) => node.Restart(Network);

    public void CrashGreengrass() => Crash(Properties[0].GreengrassNode!);

    public void RestartGreengrass() => Restart(Properties[0].GreengrassNode!);

    /// <summary>A segment as the scenario calls it: a building by its property's name, others by their own.</summary>
    public string NameOf(Segment segment) =>
        segment.Kind == SegmentKind.Building && Properties.FindIndex(property => property.Building == segment) is var i and >= 0 ? PropertyNames[i] : segment.Name;

    /// <summary>A role as the report's queue timings name it: "cloud", "greengrass" or "device".</summary>
    public static string RoleName(NodeRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The id a property's documents carry in <c>propertyId</c>, and its nodes' scope.</summary>
    public static string PropertyId(int property) => $"p{property}";

    public static string GreengrassName(int property) => property == 1 ? "greengrass" : $"greengrass-{property}";

    public static string TabletName(int property, int tablet) => property == 1 ? $"tablet-{tablet}" : $"p{property}-tablet-{tablet}";

    /// <summary>The nodes a node replicates up to: a tablet's Greengrass (if its property has one) and the cloud; a Greengrass's cloud.</summary>
    public IEnumerable<WorldNode> UpstreamsOf(WorldNode node) => node.Role switch
    {
        NodeRole.Device when Properties[node.Property - 1].GreengrassNode is { } edge => [edge, CloudNode],
        NodeRole.Device or NodeRole.Greengrass => [CloudNode],
        _ => [],
    };

    /// <summary>
    /// True when every replica holds exactly the cloud's latest version of every document its scope
    /// holds, and nothing else but guests its property once followed (<see cref="Checks.ScopeExpectation"/>).
    /// </summary>
    public bool Converged()
    {
        var reference = Snapshot(Cloud);
        var expectation = new Checks.ScopeExpectation(reference);
        return Nodes.All(node =>
            Snapshot(node.Replica).Where(held => !expectation.MayOverHold(node.Scope, held) || expectation.Holds(node.Scope, held))
                .SequenceEqual(reference.Where(expected => !expectation.MayOverHold(node.Scope, expected) || expectation.Holds(node.Scope, expected))
                    .Select(node.Scope.AsKept).Where(kept => !kept.Deleted || node.Replica.Get(kept.Collection, kept.Id) is not null)));
    }

    public static IReadOnlyList<Sync.Documents.Document> Snapshot(Replica replica) =>
        replica.Store.ChangesSince(0, int.MaxValue).Changes.Select(change => change.Document)
            .OrderBy(document => document.Collection, StringComparer.Ordinal).ThenBy(document => document.Id, StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }

    /// <summary>Each node's upstream links are drawn as flows, by the node that opens them.</summary>
    protected override void Draw(FrameLog frames)
    {
        base.Draw(frames);
        // UpstreamsOf's answer, without its two arrays per node and frame.
        foreach (var node in Nodes)
        {
            if (node.Role == NodeRole.Device && Properties[node.Property - 1].GreengrassNode is { } edge)
            {
                DrawFlow(frames, node, edge);
            }

            if (node.Role is NodeRole.Device or NodeRole.Greengrass)
            {
                DrawFlow(frames, node, CloudNode);
            }
        }
    }

    private void DrawFlow(FrameLog frames, WorldNode node, WorldNode upstream) =>
        frames.Record(new FlowFrame(node.Name, upstream.Name, Network.Traffic.PeerWireBytes(node.Host, upstream.Host)));

    private T Add<T>(T node)
        where T : WorldNode
    {
        Nodes.Add(node);
        _propertyOfHost.Add(node.Host.Id, node.Property);
        node.PowerLost += (lost, _) => Crash(lost);
        base.Add(node);
        Propagation.Watch(node);
        return node;
    }

    private Property AddProperty(int number, PropertyPlan plan)
    {
        var building = Network.AddSegment($"property-{number}", SegmentKind.Building, plan.Uplink ?? LinkProfiles.Broadband);
        // One id per property: its documents' propertyId, its nodes' scope and its mDNS records all say it.
        var propertyId = PropertyId(number);
        PropertyNames.Add(plan.Name ?? building.Name);
        var name = GreengrassName(number);
        var mdns = plan.DiscoveryMode == DiscoveryMode.Mdns;
        GreengrassNode? edge = null;
        if (plan.HasGreengrass)
        {
            var host = Network.AddHost(name, building, LinkProfiles.Lan, RoleName(NodeRole.Greengrass));
            if (!mdns)
            {
                Network.RegisterName($"{name}.local", host); // configured by hand: no discovery time
            }

            edge = Add(new GreengrassNode(host, number, CloudName, Simulation, _overrides, new SimNodeProcessor(Simulation, ServiceTimes, PropertyAt, _greengrassTimings, name, Machine), mdns ? propertyId : null, signaling: plan.P2P));
        }

        if (plan.ClientIsolation)
        {
            Network.IsolateClients(building, edge is null ? [] : [edge.Host]);
        }

        var property = new Property(number, building, edge) { P2P = plan.P2P };
        var peers = plan.P2P ? PeersOf(propertyId, PropertyNames[^1], edge) : null;
        // Under mDNS the Greengrass endpoint's name resolves nowhere: the detector's strategy points it at the address mDNS found.
        ReplicationEndpoint cloud = new("cloud", EndpointKind.Cloud, CloudName);
        List<ReplicationEndpoint> endpoints = plan.HasGreengrass ? [new("greengrass", EndpointKind.Greengrass, $"{name}.local"), cloud] : [cloud];
        var strategies = plan.Compression ? WorldStrategies.PushOnWrite : WorldStrategies.PushOnWriteUncompressed;
        var discovery = mdns ? new DiscoveryPlan(propertyId, cloud, strategies, Discovery) : null;
        for (var i = 1; i <= plan.Tablets.Count; i++)
        {
            var link = plan.Tablets[i - 1];
            var host = Network.AddHost(TabletName(number, i), link.AttachmentKind == NetworkKind.Cellular ? Carrier : building, link, RoleName(NodeRole.Device));
            var onBuilding = host.Segment == building;
            if (onBuilding)
            {
                peers?.Room.Add(host.Name);
            }

            property.Tablets.Add(Add(new Tablet(host, number, plan.Kinds?[i - 1] ?? "tablet", endpoints, Simulation, _overrides, new SimNodeProcessor(Simulation, ServiceTimes, _ => number, _deviceTimings, host.Name, Machine), discovery, onBuilding ? peers : null)));
        }

        return property;
    }

    // Signaling servers nearest first (the property's Greengrass, then the cloud), and signaling
    // without a server over the devices' mDNS peer records when neither answers.
    private PeerPlan PeersOf(string propertyId, string propertyName, GreengrassNode? edge)
    {
        var port = new SignalingServerOptions().Port;
        List<IPEndPoint> servers = edge is null ? [] : [new IPEndPoint(edge.Host.Address!, port)];
        servers.Add(new IPEndPoint(CloudHost.Address!, port));
        return new PeerPlan(propertyId, propertyName, servers, DirectSignaling: true, Peers);
    }
}
