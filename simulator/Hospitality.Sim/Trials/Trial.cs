using Hospitality.Sim.Checks;
using Hospitality.Sim.Faults;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Trials;

/// <summary>
/// Runs one <see cref="TrialPlan"/> in two phases, as TigerBeetle's VOPR does: a fault phase with
/// the workload, the faults and Buggify, invariants checked on every event that can break them;
/// then a heal phase where faults stop and everything reconnects, and within the plan's bound every
/// replica must equal the last-write-wins state of the acknowledged writes, and no replica may
/// hold a version an acknowledged write's writer had already seen when it wrote.
/// </summary>
public sealed class Trial
{
    private static readonly TimeSpan ConvergenceCheckInterval = TimeSpan.FromSeconds(5);

    private readonly TrialPlan _plan;
    private readonly HotelChainWorld _world;
    private readonly Dictionary<string, WorldNode> _nodes;
    private readonly ConvergenceOracle _oracle = new();
    private readonly CausalOracle _causal = new();
    private readonly WorldFaults _faults;

    private Trial(TrialPlan plan, EngineOverrides? overrides)
    {
        _plan = plan;
        // Even seeds find the Greengrass by mDNS and follow a detector, odd seeds use configured names and
        // the replication's own probes: a sweep covers both ways a device chooses its upstream, and the
        // fault sites of the engine's own probes (multi-server.probe.lost) are reached only where the
        // replication chooses its upstream itself.
        var discovery = plan.Seed % 2 == 1 ? Discovery.DiscoveryMode.Static : (Discovery.DiscoveryMode?)null;
        var properties = plan.Properties.Select(property => new PropertyPlan(property.Greengrass, property.Tablets.Select(LinkProfiles.Named).ToList(), Discovery: discovery, P2P: property.P2P)).ToList();
        _world = new HotelChainWorld(properties, plan.Seed, (overrides ?? new EngineOverrides()) with
        {
            FileStores = plan.FileStores.ToHashSet(StringComparer.Ordinal),
            Serving = plan.Limits.StreamPageSize > 0 ? new ReplicationServerOptions { ChangeBatchSize = plan.Limits.StreamPageSize } : overrides?.Serving,
        });
        _nodes = _world.Nodes.ToDictionary(node => node.Name, StringComparer.Ordinal);
        _faults = new WorldFaults(_world);
        foreach (var node in _world.Nodes)
        {
            node.Stored += (stored, changes) => _causal.Stored(stored.Name, changes, Now);
            node.ConflictRecorded += (recorded, record) => _causal.ConflictRecorded(recorded.Name, record, Now);
            node.Restarted += restarted => _causal.Reopened(restarted.Name, restarted.Store, Now);
        }
    }

    private string Now => _world.Simulation.Now.ToString();

    /// <param name="overrides">A planted bug, for tests that prove the checks catch it.</param>
    public static TrialResult Run(TrialPlan plan, EngineOverrides? overrides = null)
    {
        var trial = new Trial(plan, overrides);
        using var world = trial._world;
        try
        {
            return trial.Run();
        }
        catch (SimulationFailedException failure)
        {
            // Engine code that throws where it should cope is a bug like any other the trial finds.
            return new TrialResult(plan, [failure.Message], [], null, trial._oracle.Writes, world.Simulation.Trace.EventCount, world.Simulation.Trace.HashHex, []);
        }
    }

    private TrialResult Run()
    {
        var simulation = _world.Simulation;
        var injector = new BuggifyInjector(simulation, simulation.Random("buggify")) { Active = _plan.Buggify, CrashSites = _world.TransactionCrashes.ShouldCrash };
        using var buggify = Buggify.Install(injector);
        var monitor = new InvariantMonitor(_world);
        foreach (var write in _plan.Writes)
        {
            simulation.At(SimTime.FromSeconds(write.At), () => Write(write));
        }

        foreach (var fault in _plan.Faults)
        {
            simulation.At(SimTime.FromSeconds(fault.At), () => Begin(fault));
        }

        simulation.RunUntil(SimTime.FromSeconds(_plan.FaultSeconds));

        // Heal: every fault still active ends now, and Buggify stops; the engine must converge on its own.
        injector.Active = false;
        _faults.EndAll();

        var healedAt = simulation.Now;
        var limit = healedAt + TimeSpan.FromSeconds(_plan.HealSeconds);
        TimeSpan? convergedAfter = null;
        IReadOnlyList<Divergence> divergences = [];
        while (true)
        {
            divergences = _oracle.Check(_world.ScopedStores);
            if (divergences.Count == 0 && _world.OutboxesDrained)
            {
                convergedAfter = simulation.Now - healedAt;
                break;
            }

            if (simulation.Now >= limit)
            {
                break;
            }

            simulation.RunUntil(Min(simulation.Now + ConvergenceCheckInterval, limit));
        }

        monitor.CheckNow();
        var violations = monitor.Violations.Concat(_causal.Violations).Concat(_causal.CheckFinal(_world.ScopedStores)).ToList();
        return new TrialResult(_plan, violations, divergences, convergedAfter, _oracle.Writes, simulation.Trace.EventCount, simulation.Trace.HashHex, injector.Coverage);
    }

    private void Write(PlannedWrite write)
    {
        var node = _nodes[write.Node];
        if (!node.Host.IsUp)
        {
            return; // a switched-off tablet takes no writes
        }

        // What the writer held when it wrote, from the workload's side: the causal oracle's ground truth.
        var held = node.Store.Get(write.Collection, write.Id);
        try
        {
            var written = (write.Delete ? node.Replica.Delete(write.Collection, write.Id) : node.Replica.Write(write.Collection, write.Id, Body(write))).Document;
            _oracle.Acknowledged(written);
            _causal.Written(node.Name, written, held, acknowledged: true, Now);
        }
        catch (StoreException)
        {
            // Not acknowledged, so not owed: the writer saw it fail.
        }
        catch (InjectedCrashException)
        {
            // The device died writing. If the version reached its disk first, it is durable and will replicate, though no one was told.
            if (node.Store.Get(write.Collection, write.Id) is { } committed && committed != held)
            {
                _oracle.Committed(committed);
                _causal.Written(node.Name, committed, held, acknowledged: false, Now);
            }
        }
    }

    private static string Body(PlannedWrite write) => write.Collection == "rooms"
        ? $$"""{"id":"{{write.Id}}","number":"{{write.Id[5..]}}","floor":{{write.Id[5] - '0'}},"type":"deluxe","status":"{{Statuses[write.Value % Statuses.Length]}}","notes":"v{{write.Value}}"}"""
        : $$"""{"id":"{{write.Id}}","item":"Bath towel","location":"Linen room","quantity":{{write.Value}},"unit":"piece","reorderLevel":100}""";

    private static readonly string[] Statuses = ["available", "occupied", "dirty", "clean"];

    private void Begin(PlannedFault fault)
    {
        var network = _world.Network;
        var host = _nodes.GetValueOrDefault(fault.Nodes[0])?.Host;
        var end = fault.Kind switch
        {
            FaultKind.Partition or FaultKind.OneWayPartition => _faults.Partition(
                fault.Nodes.Select(name => _nodes[name].Host).ToList(), fault.Kind == FaultKind.Partition ? PartitionDirection.Both : PartitionDirection.AToB),
            FaultKind.Crash => _faults.Crash(_nodes[fault.Nodes[0]]),
            FaultKind.TransactionCrash => _faults.CrashInTransaction(_nodes[fault.Nodes[0]], fault.Site ?? TransactionCrashes.Sites[0]),
            FaultKind.LossBurst => _faults.LossBurst(host!),
            FaultKind.Handover => _faults.Handover(host!),
            FaultKind.InternetOutage => _faults.InternetOutage(network.Segments.Single(each => each.Name == fault.Nodes[0])),
            FaultKind.MeshSplit => _faults.MeshSplit(fault.Nodes.Select(name => _nodes[name]).OfType<Tablet>().ToList()),
            FaultKind.SignalingOutage => _faults.SignalingOutage(_nodes[fault.Nodes[0]]),
            FaultKind.ClockSkew => Skew(host!, TimeSpan.FromSeconds(fault.Seconds)),
            _ => Skew(host!, host!.Clock.Offset + TimeSpan.FromSeconds(fault.Seconds)),
        };

        if (end is not null)
        {
            _faults.Track(end, fault.Until < _plan.FaultSeconds ? SimTime.FromSeconds(fault.Until) : null);
        }
    }

    // Clocks stay wrong: a skew or a jump has nothing to heal.
    private Action? Skew(SimHost host, TimeSpan offset)
    {
        _world.Network.SetClockOffset(host, offset);
        return null;
    }

    private static SimTime Min(SimTime a, SimTime b) => a < b ? a : b;
}
