using HdrHistogram;
using Hospitality.Reports.Model;
using Hospitality.Reports.Replay;
using Hospitality.Sim.Checks;
using Hospitality.Sim.Costs;
using Hospitality.Sim.Faults;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Metrics;
using Hospitality.Sim.Network;
using Hospitality.Sim.Replay;
using Hospitality.Sim.Servers;
using Hospitality.Sim.Workload;
using Hospitality.Sim.World;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Runs one scenario with one seed: builds the hotel world, starts the workload, plays the fault
/// plan, then heals and drains until every replica agrees, and measures it all into a <see cref="RunReport"/>.
/// Wall time and memory are the caller's to fill in: the simulator never reads the OS clock.
/// </summary>
public sealed class ScenarioRun
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(10);

    private readonly Scenario _scenario;
    private readonly ulong _seed;
    private readonly TimeSpan _duration;
    private readonly HotelChainWorld _world;
    private readonly ConvergenceOracle _oracle = new();
    private readonly HotelWorkload _workload;
    private readonly WorldFaults _faults;
    private readonly ConflictTally _conflicts = new();
    private readonly List<(FaultSpec Fault, SimTime Started, HealWatch Watch)> _heals = [];
    private readonly List<ReplayFault> _faultMarks = [];
    private readonly List<SeriesPoint> _writesPerMinute = [];
    private readonly List<SeriesPoint> _p99 = [];
    private readonly List<SeriesPoint> _wireMegabytes = [];
    private readonly List<SeriesPoint> _onGreengrass = [];
    private readonly List<SeriesPoint> _onCloud = [];
    private readonly List<SeriesPoint> _cloudUse = [];
    private readonly List<SeriesPoint> _greengrassUse = [];
    private readonly Dictionary<SimNodeProcessor, (TimeSpan Busy, double Peak)> _processorSamples = [];
    private readonly CostTable _costs;
    private long _lastWrites;
    private long _lastWire;

    private ScenarioRun(Scenario scenario, ulong seed, TimeSpan duration, CostTable costs)
    {
        _costs = costs;
        _scenario = scenario;
        _seed = seed;
        _duration = duration;
        var plans = scenario.Properties.Select(property =>
        {
            var devices = property.Devices.SelectMany(group => Enumerable.Repeat(group, group.Count)).ToList();
            return new PropertyPlan(property.Greengrass, devices.Select(group => scenario.Link(group.Link)).ToList(), devices.Select(group => group.Kind).ToList(), property.Name, scenario.Link(property.Uplink), property.Discovery, property.Compression, property.P2P, property.ClientIsolation);
        }).ToList();
        _world = new HotelChainWorld(plans, seed, serviceTimes: new ServiceTimes { Disk = scenario.Disk, OneMachineCores = scenario.OneMachineCores });
        _faults = new WorldFaults(_world);
        _workload = new HotelWorkload(_world, scenario.Workload, _oracle, _world.Simulation.Random("workload"));
        _world.Add(_workload);
        _workload.InitialSyncsDone += _world.Network.Queues.EndStartUp;
        foreach (var node in _world.Nodes)
        {
            node.ConflictRecorded += (_, record) => _conflicts.Record(record, _world.Simulation.Now);
        }
    }

    /// <param name="replay">Given, it receives the replay of the run (its frames, faults and topology) once the report is made.</param>
    /// <param name="cancellation">Checked between slices of virtual time (Ctrl+C in hsim); it never changes what a completed run computes.</param>
    /// <param name="costs">The prices of the cost section; null finds them as <see cref="CostTable.For"/> does for the scenario's file.</param>
    /// <exception cref="OperationCanceledException">The run was cancelled; nothing was measured.</exception>
    /// <exception cref="ScenarioException">The price table found for the scenario is not valid; nothing ran.</exception>
    public static RunReport Execute(Scenario scenario, ulong seed, TargetCatalog targets, TimeSpan? duration = null, Action<RunProgress>? progress = null, Action<ReplayData>? replay = null, CancellationToken cancellation = default, CostTable? costs = null)
    {
        var run = new ScenarioRun(scenario, seed, duration ?? scenario.Duration, costs ?? CostTable.For(scenario.File));
        using var world = run._world;
        var report = run.Execute(targets, progress, cancellation);
        replay?.Invoke(HotelReplay.Capture(world, scenario.Name, run._duration, run._faultMarks));
        return report;
    }

    private RunReport Execute(TargetCatalog targets, Action<RunProgress>? progress, CancellationToken cancellation)
    {
        var simulation = _world.Simulation;
        _workload.Preload();
        _world.Propagation.MeasureFrom = SimTime.Zero + _scenario.WarmUp;
        foreach (var fault in _scenario.Faults.Where(fault => fault.At < _duration))
        {
            simulation.At(SimTime.Zero + fault.At, () => Begin(fault));
        }

        var bucket = TimeSpan.FromSeconds(Math.Max(60, Math.Round(_duration.TotalSeconds / 240 / 60) * 60));
        simulation.After(bucket, () => Sample(bucket));

        // Run in slices so the caller can show progress.
        var end = SimTime.Zero + _duration;
        var slice = TimeSpan.FromSeconds(Math.Max(1, _duration.TotalSeconds / 200));
        while (simulation.Now < end)
        {
            cancellation.ThrowIfCancellationRequested();
            var next = simulation.Now + slice;
            _world.Run((next < end ? next : end) - simulation.Now);
            progress?.Invoke(new RunProgress(simulation.Now.Elapsed, _duration, simulation.Trace.EventCount));
        }

        _faults.EndAll();

        var convergence = Drain(cancellation);
        return Report(targets, convergence);
    }

    private ConvergenceReport Drain(CancellationToken cancellation)
    {
        var simulation = _world.Simulation;
        var limit = simulation.Now + DrainLimit;
        IReadOnlyList<Divergence> divergences = [];
        while (true)
        {
            if (_world.OutboxesDrained)
            {
                divergences = _oracle.Check(_world.ScopedStores);
                if (divergences.Count == 0 || simulation.Now >= limit)
                {
                    break;
                }
            }
            else if (simulation.Now >= limit)
            {
                divergences = _oracle.Check(_world.ScopedStores);
                break;
            }

            cancellation.ThrowIfCancellationRequested();
            simulation.RunUntil(simulation.Now + TimeSpan.FromSeconds(10));
        }

        return new ConvergenceReport(divergences.Count == 0, _oracle.Writes, _world.Nodes.Count, divergences.Count, divergences.Take(10).Select(each => each.ToString()).ToList());
    }

    private void Sample(TimeSpan bucket)
    {
        var simulation = _world.Simulation;
        var seconds = simulation.Now.TotalSeconds;
        _writesPerMinute.Add(new SeriesPoint(seconds, (_workload.Writes - _lastWrites) / bucket.TotalMinutes));
        _lastWrites = _workload.Writes;
        if (_world.Propagation.TakeDeviceWindowP99() is { } p99)
        {
            _p99.Add(new SeriesPoint(seconds, p99));
        }

        var wire = _world.Nodes.Sum(node => _world.Network.Traffic.HostWireBytes(node.Host));
        _wireMegabytes.Add(new SeriesPoint(seconds, (wire - _lastWire) / 1e6 / bucket.TotalMinutes));
        _lastWire = wire;
        var tablets = _world.Properties.SelectMany(property => property.Tablets).ToList();
        _onGreengrass.Add(new SeriesPoint(seconds, tablets.Count(tablet => tablet.Host.IsUp && tablet.Replication.ActiveEndpoint == "greengrass")));
        _onCloud.Add(new SeriesPoint(seconds, tablets.Count(tablet => tablet.Host.IsUp && tablet.Replication.ActiveEndpoint == "cloud")));
        _cloudUse.Add(new SeriesPoint(seconds, 100 * SampleUse(_world.CloudNode.Processor, bucket)));
        if (Greengrasses.Count > 0)
        {
            _greengrassUse.Add(new SeriesPoint(seconds, 100 * Greengrasses.Max(edge => SampleUse(edge.Processor, bucket))));
        }
        if (simulation.Now.Elapsed + bucket <= _duration)
        {
            simulation.After(bucket, () => Sample(bucket));
        }
    }

    private List<GreengrassNode> Greengrasses => _world.Properties.Select(property => property.GreengrassNode).OfType<GreengrassNode>().ToList();

    // A processor's utilisation over the bucket just ended, remembering its busiest bucket.
    private double SampleUse(SimNodeProcessor processor, TimeSpan bucket)
    {
        var (lastBusy, peak) = _processorSamples.GetValueOrDefault(processor);
        var use = (processor.Busy - lastBusy) / bucket;
        _processorSamples[processor] = (processor.Busy, Math.Max(peak, use));
        return use;
    }

    private List<ServerReport> Servers()
    {
        var elapsed = Math.Max(1e-9, _world.Simulation.Now.TotalSeconds);
        return Greengrasses.Select(edge => (Node: (WorldNode)edge, edge.Processor)).Prepend((_world.CloudNode, _world.CloudNode.Processor)).Select(server =>
        {
            var processor = server.Processor;
            var wait = processor.QueueWait;
            var peak = _processorSamples.TryGetValue(processor, out var sample) ? sample.Peak : processor.Busy.TotalSeconds / elapsed;
            return new ServerReport(
                server.Node.Name,
                server.Node.Role.ToString().ToLowerInvariant(),
                processor.Work(NodeWorkKind.PullPage),
                processor.Work(NodeWorkKind.PushBatch),
                processor.Work(NodeWorkKind.LiveFanOut),
                processor.Work(NodeWorkKind.Health),
                processor.Busy.TotalSeconds,
                processor.Busy.TotalSeconds / elapsed,
                peak,
                wait.GetValueAtPercentile(50) / 1000.0,
                wait.GetValueAtPercentile(99) / 1000.0,
                wait.GetValueAtPercentile(99.9) / 1000.0,
                wait.GetMaxValue() / 1000.0);
        }).ToList();
    }

    private void Begin(FaultSpec fault)
    {
        var property = fault.Property is null ? null : _world.Properties[_scenario.Properties.ToList().FindIndex(each => each.Name == fault.Property)];
        var devices = property?.Tablets.Where(tablet => fault.DeviceKind is null || tablet.Kind == fault.DeviceKind).Take(fault.Devices).ToList() ?? [];
        var mark = _faultMarks.Count;
        _faultMarks.Add(new ReplayFault(fault.ToString(), _world.Simulation.Now.TotalSeconds, null));
        if (fault.Kind == ScenarioFaultKind.ClockSkew)
        {
            devices.ForEach(tablet => _world.Network.SetClockOffset(tablet.Host, fault.Offset));
            _conflicts.ObserveClocks(_world.Nodes.Select(node => node.Host.Clock.Offset));
            return; // a skewed clock stays skewed: nothing heals it
        }

        IReadOnlyList<Action?> ends = fault.Kind switch
        {
            ScenarioFaultKind.GreengrassCrash => [_faults.Crash(property!.GreengrassNode!)],
            ScenarioFaultKind.CloudOutage => [_faults.Crash(_world.CloudNode)],
            ScenarioFaultKind.InternetOutage => [_faults.InternetOutage(property!.Building)],
            ScenarioFaultKind.Partition => [_faults.Partition(devices.Select(tablet => tablet.Host).ToList(), PartitionDirection.Both)],
            ScenarioFaultKind.DeviceCrash => devices.Select(_faults.Crash).ToList(),
            ScenarioFaultKind.LossBurst => devices.Select(tablet => _faults.LossBurst(tablet.Host)).ToList(),
            ScenarioFaultKind.Offline => devices.Select(tablet => _faults.Offline(tablet.Host)).ToList(),
            ScenarioFaultKind.RogueResponder => [_faults.RogueResponder(property!.Building, HotelChainWorld.PropertyId(property.Number))],
            _ => devices.Select(tablet => _faults.Handover(tablet.Host)).ToList(),
        };

        // Changes a device cannot see on its own link: the detector's time to notice them counts from here (and from their end).
        var unseen = fault.Kind switch
        {
            ScenarioFaultKind.GreengrassCrash or ScenarioFaultKind.InternetOutage => property!.Tablets,
            ScenarioFaultKind.CloudOutage => _world.Properties.SelectMany(each => each.Tablets).ToList(),
            ScenarioFaultKind.Partition => devices,
            _ => [],
        };
        unseen.ForEach(tablet => tablet.MarkNetworkChange());
        var started = _world.Simulation.Now;
        var end = ends.OfType<Action>().Append(() => unseen.ForEach(tablet => tablet.MarkNetworkChange())).ToList();
        var until = fault.For is { } span && started + span < SimTime.Zero + _duration ? started + span : (SimTime?)null;
        var window = _world.Propagation.WatchFault(Touches(fault, property, devices));
        _faults.Track(() => end.ForEach(each => each()), until, () =>
        {
            window.Heal(_world.Simulation.Now);
            _faultMarks[mark] = _faultMarks[mark] with { EndSeconds = _world.Simulation.Now.TotalSeconds };
            _heals.Add((fault, started, _world.Propagation.WatchHeal(_world.Simulation.Now)));
        });
    }

    // Which nodes a fault touches: every node of a property whose Greengrass or internet line is
    // down, every node when the cloud is, or the devices it hits.
    private static Func<WorldNode, bool> Touches(FaultSpec fault, Property? property, List<Tablet> devices)
    {
        if (fault.Kind == ScenarioFaultKind.CloudOutage)
        {
            return _ => true;
        }

        if (fault.Kind is ScenarioFaultKind.GreengrassCrash or ScenarioFaultKind.InternetOutage)
        {
            var number = property!.Number;
            return node => node.Property == number;
        }

        var hit = devices.Select(tablet => tablet.Host).ToHashSet();
        return node => hit.Contains(node.Host);
    }

    private RunReport Report(TargetCatalog targets, ConvergenceReport convergence)
    {
        var simulation = _world.Simulation;
        var probe = _world.Propagation;
        var paths = Enum.GetValues<DeliveryPhase>().SelectMany(phase => probe.Percentiles(phase).Select(path => new PathReport(
            path.Path, path.Deliveries, path.P50, path.P90, path.P99,
            probe.Histogram(path.Path, phase)!.GetValueAtPercentile(99.9) / 1000.0, path.Max,
            probe.Cdf(path.Path, phase).Select(point => new CdfPoint(point.Milliseconds, point.Fraction)).ToList(),
            Phase(phase)))).ToList();
        var heals = _heals.Select(heal => new HealReport(heal.Fault.ToString(), heal.Started.TotalSeconds, heal.Watch.HealedAt.TotalSeconds, convergence.Converged ? heal.Watch.DrainedAfter.TotalSeconds : null)).ToList();
        var bandwidth = Bandwidth();
        var measured = new RunMeasurements(paths, bandwidth, heals, _workload.InitialSyncSeconds, _scenario.Devices);
        return new RunReport
        {
            Scenario = _scenario.Name,
            Description = _scenario.Description,
            ScenarioFile = _scenario.File,
            ScenarioSha256 = _scenario.TextSha256,
            TargetsFile = targets.Source,
            Settings = _scenario.Settings,
            Seed = _seed,
            TraceHash = simulation.Trace.HashHex,
            DurationSeconds = _duration.TotalSeconds,
            WarmUpSeconds = _scenario.WarmUp.TotalSeconds,
            Disk = _scenario.Disk?.ToString(),
            Machine = _scenario.OneMachineCores is { } cores ? $"every node on one machine of {cores} cores and one disk, as hsim live runs them" : null,
            VirtualSeconds = simulation.Now.TotalSeconds,
            WallSeconds = 0,
            Events = simulation.Trace.EventCount,
            Topology = Topology(),
            Links = LinksInRun().Select(link => new LinkReport(
                link.Name,
                link.BaseLatency.TotalMilliseconds,
                link.Jitter.TotalMilliseconds,
                link.TailProbability,
                link.TailScale.TotalMilliseconds,
                link.LossRate,
                link.UpBitsPerSecond,
                link.DownBitsPerSecond,
                link.QueueLimitBytes,
                link.MtuBytes,
                link.Wifi?.StationsPerAccessPoint,
                link.Wifi?.AttemptErrorRate)).ToList(),
            Paths = paths,
            Series =
            [
                new SeriesReport("writes per minute", "writes/min", _writesPerMinute),
                new SeriesReport($"{PropagationProbe.SameProperty} p99 latency, same property", "ms", _p99),
                new SeriesReport("wire traffic, all hosts", "MB/min", _wireMegabytes),
                new SeriesReport("devices syncing via Greengrass", "devices", _onGreengrass),
                new SeriesReport("devices syncing via cloud", "devices", _onCloud),
                new SeriesReport("processor use, cloud", "%", _cloudUse),
                .. _greengrassUse.Count > 0 ? [new SeriesReport("processor use, busiest Greengrass", "%", _greengrassUse)] : Array.Empty<SeriesReport>(),
            ],
            Bandwidth = bandwidth,
            PushDeltas = PushDeltas(),
            Heals = heals,
            Targets = _scenario.Targets.Select(id => measured.Judge(targets[id], _scenario.Expect, _seed)).ToList(),
            Convergence = convergence,
            Conflicts = _conflicts.Report(),
            Servers = Servers(),
            Hops = Enum.GetValues<DeliveryPhase>().SelectMany(phase => probe.Hops(phase)).Select(hop => new HopReport(
                hop.Path, hop.HopName, hop.Deliveries, hop.P50, hop.P99, hop.P999, hop.Max, hop.ShareOfP99Tail, hop.ShareOfP999Tail, Phase(hop.Phase))).ToList(),
            Queues = Queues(),
            Cost = CostEstimate.Of(_costs, _world, _scenario.Properties.Select(property => property.Name).ToList()),
            Discovery = _world.Discovery.Report(simulation.Now.Elapsed),
            PeerToPeer = _world.Peers.Report(PeerTraffic),
        };
    }

    // A P2P property's devices and the bytes they exchanged with each other, per device per day.
    private (int Devices, double BytesPerDevicePerDay) PeerTraffic(string propertyName)
    {
        var property = _world.Properties[_world.PropertyNames.IndexOf(propertyName)];
        var tablets = property.Tablets.Where(tablet => tablet.RunsP2P).ToList();
        var perDay = 86_400 / Math.Max(1, _world.Simulation.Now.TotalSeconds);
        var bytes = tablets.Sum(tablet => PeerBytes(_world.Network.Traffic, tablet, property));
        return (tablets.Count, tablets.Count == 0 ? 0 : bytes / (double)tablets.Count * perDay);
    }

    // mDNS never leaves the building's segment: what a tablet heard there and sent is LAN traffic, not internet.
    private static long MulticastBytes(TrafficCounters traffic, Tablet tablet) =>
        traffic.Host(tablet.Host, TrafficKind.Multicast, TrafficDirection.Sent).WireBytes + traffic.Host(tablet.Host, TrafficKind.Multicast, TrafficDirection.Received).WireBytes;

    // Bytes a tablet exchanged with the other tablets of its property: P2P links and direct signaling, on the building's network.
    private static long PeerBytes(TrafficCounters traffic, Tablet tablet, Property property) =>
        property.Tablets.Where(other => other != tablet).Sum(other => UnicastBytes(traffic, tablet.Host, other.Host));

    // Each queue's start-up apart from the rest of the run, when the start-up ended; else the whole run.
    private List<QueueReport> Queues() => _world.Network.Queues.Recorded().SelectMany(stage =>
    {
        var label = QueueTimings.Label(stage.Kind);
        QueueReport Row(LongHistogram wait, LongHistogram? service, QueuePeriod period) =>
            new(label, stage.Where, wait.TotalCount, Percentiles(wait), service is null ? null : Percentiles(service), period);
        IEnumerable<(LongHistogram Wait, LongHistogram? Service, QueuePeriod Period)> periods = stage.StartUpWait is { } startUp
            ? [(startUp, stage.StartUpService, QueuePeriod.StartUp), (stage.Wait, stage.Service, QueuePeriod.AfterStartUp)]
            : [(stage.Wait, stage.Service, QueuePeriod.WholeRun)];

        // A period in which nothing queued here has no row (HdrHistogram has no percentiles of nothing).
        return periods.Where(period => period.Wait.TotalCount > 0).Select(period => Row(period.Wait, period.Service, period.Period));
    }).ToList();

    // A queue's histogram counts 100 ns ticks.
    private static TimePercentiles Percentiles(HdrHistogram.LongHistogram ticks) => new(
        ticks.GetValueAtPercentile(50) / 10_000.0,
        ticks.GetValueAtPercentile(99) / 10_000.0,
        ticks.GetValueAtPercentile(99.9) / 10_000.0,
        ticks.GetMaxValue() / 10_000.0);

    private static PathPhase Phase(DeliveryPhase phase) => phase switch
    {
        DeliveryPhase.Normal => PathPhase.Normal,
        DeliveryPhase.DuringFault => PathPhase.DuringFault,
        _ => PathPhase.AfterFault,
    };

    // Per role, in the order of the topology: the devices, then the Greengrasses, then the cloud.
    private List<PushDeltaReport> PushDeltas()
    {
        var devices = _world.Properties.SelectMany(property => property.Tablets).Cast<WorldNode>().ToList();
        return new[] { devices, Greengrasses.Cast<WorldNode>().ToList(), [_world.CloudNode] }
            .Where(nodes => nodes.Count > 0)
            .Select(nodes =>
            {
                var sum = nodes.Aggregate(default(PushDeltaCounts), (total, node) => total + node.PushDeltas);
                return new PushDeltaReport(nodes[0].Role.ToString().ToLowerInvariant(), nodes.Count, sum.Pushed, sum.ResentWhole, sum.Rebuilt, sum.NotRebuilt);
            })
            .ToList();
    }

    private List<BandwidthReport> Bandwidth()
    {
        var traffic = _world.Network.Traffic;
        var perDay = 86_400 / Math.Max(1, _world.Simulation.Now.TotalSeconds);
        var rows = new List<BandwidthReport>();
        foreach (var kind in _world.Properties.SelectMany(property => property.Tablets).GroupBy(tablet => tablet.Kind).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            double lan = 0, internet = 0;
            foreach (var tablet in kind)
            {
                var total = traffic.HostWireBytes(tablet.Host);
                var property = _world.Properties[tablet.Property - 1];
                var local = (property.GreengrassNode is { } edge ? LocalBytes(traffic, tablet, edge) : 0) + (property.P2P ? PeerBytes(traffic, tablet, property) : 0) + MulticastBytes(traffic, tablet);
                lan += local;
                internet += total - local;
            }

            var count = kind.Count();
            rows.Add(new BandwidthReport(kind.Key, "lan", count, lan / count * perDay));
            rows.Add(new BandwidthReport(kind.Key, "internet", count, internet / count * perDay));
        }

        return rows;
    }

    private static long LocalBytes(TrafficCounters traffic, Tablet tablet, GreengrassNode edge) => UnicastBytes(traffic, tablet.Host, edge.Host);

    // Both ways, every kind but multicast: a tablet's mDNS is in MulticastBytes already (counted with a peer too,
    // a tablet's internet share came out below zero).
    private static long UnicastBytes(TrafficCounters traffic, SimHost host, SimHost peer) =>
        Enum.GetValues<TrafficKind>().Where(kind => kind != TrafficKind.Multicast).Sum(kind =>
            traffic.Peer(host, peer, kind, TrafficDirection.Sent).WireBytes + traffic.Peer(host, peer, kind, TrafficDirection.Received).WireBytes);

    // Every link profile the run uses, as simulated: the file's own links (all of them, in file order), then each built-in one a device or uplink names.
    private IEnumerable<LinkProfile> LinksInRun() =>
        _scenario.Links.Concat(_scenario.Properties
            .SelectMany(property => property.Devices.Select(group => group.Link).Prepend(property.Uplink))
            .Distinct(StringComparer.Ordinal)
            .Where(name => _scenario.Links.All(link => link.Name != name))
            .Select(_scenario.Link));

    private TopologyReport Topology() => new(_world.Network.Segments.Select(segment => new SegmentTopology(
        _world.NameOf(segment),
        segment.Kind.ToString().ToLowerInvariant(),
        segment.UplinkProfile.Name,
        _world.Nodes.Where(node => node.Host.Segment == segment)
            .GroupBy(node => (Role: node.Role.ToString().ToLowerInvariant(), Kind: node is Tablet tablet ? tablet.Kind : node.Role.ToString().ToLowerInvariant(), Link: node.Host.AccessProfile?.Name ?? "offline"))
            .OrderBy(group => group.Key.Role, StringComparer.Ordinal).ThenBy(group => group.Key.Kind, StringComparer.Ordinal).ThenBy(group => group.Key.Link, StringComparer.Ordinal)
            .Select(group => new HostGroup(group.Key.Role, group.Key.Kind, group.Key.Link, group.Count())).ToList())).ToList());
}
