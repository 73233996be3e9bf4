using HdrHistogram;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Metrics;

/// <summary>
/// Measures propagation latency per write per replica: a version written on A at t0 and stored on B
/// at t1 counts t1 - t0, in virtual time, in a histogram for its path kind (roles of A and B, and
/// whether they belong to the same property), overall and by <see cref="DeliveryPhase"/>: whether a
/// fault touched the writer or the reader while the write was on its way. A version a tablet stored
/// from a P2P link is a path of its own: <see cref="PeerToPeer"/> when it came straight from its writer,
/// <see cref="PeerRelayed"/> when another device of the mesh forwarded it. On a P2P tablet the path through
/// the servers is measured when the servers' copy arrives, even if P2P brought it first (then it is a
/// duplicate and not stored again), so the through-server targets keep their meaning beside P2P; the
/// P2P paths count the versions P2P delivered first. A delivery through the servers is also cut into
/// hops (<see cref="HopRoute"/>): from one store to the next, writer first, by path kind and phase.
/// A guest profile reaches another property only once that property follows it (a stay transferred
/// there): such a delivery counts from the write that made the property reference it, not from the
/// guest's own write hours before, and once per replica (the cloud stores it again to re-announce it).
/// </summary>
public sealed class PropagationProbe
{
    // Microseconds up to a day, three significant digits: 0.1 % resolution at any latency.
    private const long HighestMicroseconds = 86_400L * 1_000_000;

    /// <summary>The path kind of the seed's device-to-device figures: two devices of one property, neither on cellular.</summary>
    public const string SameProperty = "device→device";

    /// <summary>Suffix of a delivery over a P2P link straight from the writer.</summary>
    public const string OverPeerLink = ", p2p";

    /// <summary>Suffix of a delivery over P2P that another device of the mesh forwarded (or served to a catch-up pull).</summary>
    public const string OverPeerRelay = ", p2p relayed";

    /// <summary>Device to device of one property over a WebRTC data channel, from the writer itself.</summary>
    public const string PeerToPeer = SameProperty + OverPeerLink;

    /// <summary>Device to device of one property over WebRTC, forwarded by another device of the mesh.</summary>
    public const string PeerRelayed = SameProperty + OverPeerRelay;

    private static readonly string[] PathKinds = BuildPathKinds();

    private readonly Simulation _simulation;
    private readonly Dictionary<HlcTimestamp, WriteRecord> _writes = [];
    private readonly HopRoute _route = new();
    private readonly (HopKind Hop, long Ticks)[] _unknownRoute = new (HopKind, long)[1];
    private readonly Dictionary<DeliveryPhase, SortedDictionary<string, PathHops>> _hops = Enum.GetValues<DeliveryPhase>()
        .ToDictionary(phase => phase, _ => new SortedDictionary<string, PathHops>(StringComparer.Ordinal));
    private readonly SortedDictionary<string, LongHistogram> _paths = new(StringComparer.Ordinal);
    private readonly Dictionary<DeliveryPhase, SortedDictionary<string, LongHistogram>> _phases = Enum.GetValues<DeliveryPhase>()
        .ToDictionary(phase => phase, _ => new SortedDictionary<string, LongHistogram>(StringComparer.Ordinal));
    private readonly List<HealWatch> _heals = [];
    private readonly List<FaultWindow> _faults = [];
    private readonly LongHistogram _window = new(HighestMicroseconds, 2);

    // Versions whose servers' copy reached a P2P tablet already: only the first arrival counts.
    private readonly HashSet<(HlcTimestamp Stamp, int Host)> _serverArrivals = [];

    // Followed documents (guests): when each property first referenced each, and the replicas each version reached.
    private readonly Followers _references = new(HotelCollections.All);
    private readonly Dictionary<(string Collection, string Id, string Property), SimTime> _followedSince = [];
    private readonly HashSet<(HlcTimestamp Stamp, int Host)> _followedArrivals = [];

    public PropagationProbe(Simulation simulation) => _simulation = simulation;

    /// <summary>Writes made before this instant are not followed, so nothing of them is measured (a scenario's warm-up).</summary>
    public SimTime MeasureFrom { get; set; } = SimTime.Zero;

    /// <summary>Writes seen so far (local writes on watched nodes).</summary>
    public long Writes => _writes.Count;

    /// <summary>Follows a node's replica, and its new replica after every restart.</summary>
    public void Watch(WorldNode node)
    {
        _route.Watch(node);
        node.Stored += OnStored;
        if (node is Tablet { RunsP2P: true })
        {
            node.Merged += OnMerged;
        }
    }

    /// <summary>Percentiles per path kind, in a stable order.</summary>
    public IReadOnlyList<PathLatency> Percentiles() => Percentiles(_paths);

    /// <summary>Percentiles per path kind of the deliveries in one phase, in a stable order.</summary>
    public IReadOnlyList<PathLatency> Percentiles(DeliveryPhase phase) => Percentiles(_phases[phase]);

    /// <summary>
    /// The hops of the deliveries of one phase that crossed a server, by path kind (ordinal) and hop
    /// (the way a write goes); a delivery straight from its writer to its reader's store is its path alone.
    /// </summary>
    public IReadOnlyList<HopLatency> Hops(DeliveryPhase phase) =>
        _hops[phase].SelectMany(path => path.Value.Latencies(path.Key, phase)).ToList();

    /// <summary>For tests: each delivery through the servers with its path kind, its latency and its hops (writer first), in ticks.</summary>
    internal event HopsObserved? HopsObserved;

    /// <summary>
    /// Starts watching a fault that begins now and touches the nodes <paramref name="touches"/> says:
    /// deliveries to or from them count as <see cref="DeliveryPhase.DuringFault"/> until the window heals.
    /// </summary>
    public FaultWindow WatchFault(Func<WorldNode, bool> touches)
    {
        var window = new FaultWindow(_simulation.Now, touches);
        _faults.Add(window);
        return window;
    }

    private static List<PathLatency> Percentiles(SortedDictionary<string, LongHistogram> paths) =>
        paths.Select(path => new PathLatency(
            path.Key,
            path.Value.TotalCount,
            Milliseconds(path.Value.GetValueAtPercentile(50)),
            Milliseconds(path.Value.GetValueAtPercentile(90)),
            Milliseconds(path.Value.GetValueAtPercentile(99)),
            Milliseconds(path.Value.GetMaxValue()))).ToList();

    /// <summary>
    /// Watches how long after a heal the writes made before it keep arriving: the time of the last
    /// delivery of any such write is when the backlog the fault built up had drained.
    /// </summary>
    public HealWatch WatchHeal(SimTime healedAt)
    {
        var watch = new HealWatch(healedAt);
        _heals.Add(watch);
        return watch;
    }

    /// <summary>The p99 of same-property device-to-device deliveries since the last call, in milliseconds (null if none), for time series.</summary>
    public double? TakeDeviceWindowP99()
    {
        if (_window.TotalCount == 0)
        {
            return null;
        }

        var p99 = Milliseconds(_window.GetValueAtPercentile(99));
        _window.Reset();
        return p99;
    }

    /// <summary>Points of a path's latency distribution: the fraction of deliveries at or under each latency.</summary>
    public IReadOnlyList<(double Milliseconds, double Fraction)> Cdf(string path) => Cdf(_paths[path]);

    /// <summary>Points of a path's latency distribution in one phase.</summary>
    public IReadOnlyList<(double Milliseconds, double Fraction)> Cdf(string path, DeliveryPhase phase) => Cdf(_phases[phase][path]);

    private static List<(double Milliseconds, double Fraction)> Cdf(LongHistogram histogram)
    {
        double[] fractions = [0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1];
        return fractions.Select(fraction => (Milliseconds(histogram.GetValueAtPercentile(fraction * 100)), fraction)).ToList();
    }

    /// <summary>The histogram of one path kind, e.g. "device→device" or "device→device, other property".</summary>
    public LongHistogram? Histogram(string path) => _paths.GetValueOrDefault(path);

    /// <summary>The histogram of one path kind in one phase.</summary>
    public LongHistogram? Histogram(string path, DeliveryPhase phase) => _phases[phase].GetValueOrDefault(path);

    public static string PathKind(WorldNode writer, WorldNode reader) => PathKind(writer, reader, PathSuffix.None);

    // Every delivery names its path kind: the names are built once (BuildPathKinds' order), not per delivery.
    private static string PathKind(WorldNode writer, WorldNode reader, PathSuffix suffix)
    {
        var roles = (LabelIndex(writer.Role) * 3) + LabelIndex(reader.Role);
        var otherProperty = writer.Property == reader.Property || writer.Property == 0 || reader.Property == 0 ? 0 : 1;
        var cellular = OnCellular(writer) || OnCellular(reader) ? 1 : 0;
        return PathKinds[(((((roles * 2) + otherProperty) * 2) + cellular) * 3) + (int)suffix];
    }

    private static string[] BuildPathKinds()
    {
        string[] labels = ["device", "greengrass", "cloud"];
        string[] suffixes = ["", OverPeerLink, OverPeerRelay];
        var kinds = new List<string>();
        foreach (var writer in labels)
        {
            foreach (var reader in labels)
            {
                foreach (var property in new[] { "", ", other property" })
                {
                    foreach (var cellular in new[] { "", ", cellular" })
                    {
                        kinds.AddRange(suffixes.Select(suffix => $"{writer}→{reader}{property}{cellular}{suffix}"));
                    }
                }
            }
        }

        return [.. kinds];
    }

    private static bool OnCellular(WorldNode node) => node.Host.AccessProfile?.AttachmentKind == Sync.Ports.NetworkKind.Cellular;

    private void OnStored(WorldNode node, IReadOnlyList<StoredChange> changes)
    {
        foreach (var change in changes)
        {
            var stamp = change.Document.Stamp;
            if (!_writes.TryGetValue(stamp, out var written))
            {
                // The first time a version is stored anywhere is on its writer, at the moment it is written.
                if (change.Document.OriginNode == node.Name && _simulation.Now >= MeasureFrom)
                {
                    _writes.Add(stamp, new WriteRecord(node, _simulation.Now));
                    if (_references.ReferenceOf(change.Document) is { } reference)
                    {
                        _followedSince.TryAdd(reference, _simulation.Now);
                    }
                }

                continue;
            }

            if (written.Node == node)
            {
                continue;
            }

            var followed = ReplicaScope.WholeChain.IsFollowed(change.Document);
            if (followed && !_followedArrivals.Add((stamp, node.Host.Id)))
            {
                continue; // the cloud re-announcing a guest to a new follower: no new delivery
            }

            if (node is Tablet { RunsP2P: true } tablet)
            {
                if (tablet.MergingFromPeer is not { } peer)
                {
                    Drained(written); // from the servers: OnMerged measures the path, stored or not
                    continue;
                }

                var suffix = peer == written.Node.Name ? PathSuffix.PeerLink : PathSuffix.PeerRelay;
                Deliver(written, node, PathKind(written.Node, node, suffix), throughServers: false);
                continue;
            }

            var path = PathKind(written.Node, node);

            if (followed && FollowedSince(written, node, change.Document) is { } since)
            {
                Measure(written, node, path, throughServers: false, since);
                Drained(written);
                continue;
            }

            Deliver(written, node, path, throughServers: true);
        }
    }

    // When the reader's property, another than the writer's, came to reference a followed document after it was written.
    private SimTime? FollowedSince(WriteRecord written, WorldNode reader, Document document) =>
        reader.Property != 0 && reader.Property != written.Node.Property
        && _followedSince.TryGetValue((document.Collection, document.Id, HotelChainWorld.PropertyId(reader.Property)), out var since)
        && since > written.At
            ? since
            : null;

    // A P2P tablet merged versions: those from its servers (not a peer's message) count for the path through them, once each.
    private void OnMerged(WorldNode node, IReadOnlyList<Sync.Documents.Document> documents)
    {
        if (node is Tablet { MergingFromPeer: not null })
        {
            return;
        }

        foreach (var document in documents)
        {
            if (_writes.TryGetValue(document.Stamp, out var written) && written.Node != node && _serverArrivals.Add((document.Stamp, node.Host.Id)))
            {
                Measure(written, node, PathKind(written.Node, node), throughServers: true);
            }
        }
    }

    private void Deliver(WriteRecord written, WorldNode node, string path, bool throughServers)
    {
        Measure(written, node, path, throughServers);
        Drained(written);
    }

    private void Measure(WriteRecord written, WorldNode node, string path, bool throughServers, SimTime? since = null)
    {
        var nowTicks = _simulation.Now.Ticks;
        var ticks = nowTicks - (since ?? written.At).Ticks;
        var microseconds = Math.Min(ticks / 10, HighestMicroseconds);
        var phase = Phase(written, node);
        Record(_paths, path, microseconds);
        var histogram = Record(_phases[phase], path, microseconds);
        if (path is SameProperty or PeerToPeer or PeerRelayed)
        {
            _window.RecordValue(microseconds);
        }

        if (node.Role != NodeRole.Device)
        {
            written.Stored(node, nowTicks);
        }

        if (throughServers)
        {
            MeasureHops(written, node, path, phase, histogram, nowTicks);
        }
    }

    // A delivery that crossed a server, cut into its hops; one straight from the writer is its path alone.
    private void MeasureHops(WriteRecord written, WorldNode node, string path, DeliveryPhase phase, LongHistogram histogram, long nowTicks)
    {
        var ticks = nowTicks - written.At.Ticks;
        var hops = _route.Resolve(written, node, nowTicks);
        if (hops.Length == 1)
        {
            return;
        }

        _unknownRoute[0] = (HopKind.RouteUnknown, ticks);
        ReadOnlySpan<(HopKind Hop, long Ticks)> measured = hops.Length == 0 ? _unknownRoute : hops;
        var paths = _hops[phase];
        if (!paths.TryGetValue(path, out var pathHops))
        {
            pathHops = new PathHops(histogram);
            paths.Add(path, pathHops);
        }

        pathHops.Record(measured, ticks);
        HopsObserved?.Invoke(path, ticks, measured);
    }

    // A version stored on a replica that did not have it: a backlog drains only as far as what replicas store.
    private void Drained(WriteRecord written)
    {
        foreach (var heal in _heals)
        {
            if (written.At <= heal.HealedAt && _simulation.Now >= heal.HealedAt)
            {
                heal.LastDelivery = _simulation.Now;
            }
        }
    }

    private static LongHistogram Record(SortedDictionary<string, LongHistogram> paths, string path, long microseconds)
    {
        if (!paths.TryGetValue(path, out var histogram))
        {
            histogram = new LongHistogram(HighestMicroseconds, 3);
            paths.Add(path, histogram);
        }

        histogram.RecordValue(microseconds);
        return histogram;
    }

    // During a fault wins over after one: a delivery is normal only if no fault touched it at all.
    private DeliveryPhase Phase(WriteRecord written, WorldNode reader)
    {
        var phase = DeliveryPhase.Normal;
        foreach (var fault in _faults)
        {
            var each = fault.Phase(written.Node, reader, written.At);
            if (each == DeliveryPhase.DuringFault)
            {
                return each;
            }

            phase = each == DeliveryPhase.AfterFault ? each : phase;
        }

        return phase;
    }

    private static double Milliseconds(long microseconds) => microseconds / 1000.0;

    private static int LabelIndex(NodeRole role) => role switch
    {
        NodeRole.Device => 0,
        NodeRole.Greengrass => 1,
        _ => 2,
    };

    private enum PathSuffix
    {
        None,
        PeerLink,
        PeerRelay,
    }
}

/// <summary>A delivery through the servers: its path kind, its latency and its hops (writer first), in ticks.</summary>
internal delegate void HopsObserved(string path, long totalTicks, ReadOnlySpan<(HopKind Hop, long Ticks)> hops);
