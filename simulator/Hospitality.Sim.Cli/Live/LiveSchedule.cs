using Hospitality.Sim.Checks;
using Hospitality.Sim.Network;
using Hospitality.Sim.Scenarios;
using Hospitality.Sim.Workload;
using Hospitality.Sim.World;
using Hospitality.Sync.Clock;

namespace Hospitality.Sim.Cli.Live;

/// <summary>One write of the workload: when (seconds from the start), on which node, what.</summary>
internal sealed record LiveWrite(double AtSeconds, string Node, string Collection, string Id, string Body);

/// <summary>A device of the live hotel: its name (as in the simulated world), kind and access link.</summary>
internal sealed record LiveDevice(string Name, string Kind, LinkProfile Link);

/// <summary>
/// What a live run plays: the writes a simulated run of the same scenario and seed makes, captured
/// from the simulated world (the cloud's preloaded data, then every device's writes at their virtual
/// instants), so the live hotel does exactly the work the simulated one did.
/// </summary>
/// <param name="Span">How long the simulated run lasted: its duration, then its drain (in which the staff keep working) until every replica agreed.</param>
internal sealed record LiveSchedule(IReadOnlyList<LiveWrite> Preload, IReadOnlyList<LiveWrite> Writes, IReadOnlyList<LiveDevice> Devices, bool HasGreengrass, LinkProfile Uplink, TimeSpan Span)
{
    /// <summary>Runs the scenario's world (one property) in the simulator for <paramref name="duration"/> and records its writes.</summary>
    public static LiveSchedule Capture(Scenario scenario, ulong seed, TimeSpan duration)
    {
        var property = scenario.Properties[0];
        var groups = property.Devices.SelectMany(group => Enumerable.Repeat(group, group.Count)).ToList();
        var plan = new PropertyPlan(property.Greengrass, groups.Select(group => scenario.Link(group.Link)).ToList(), groups.Select(group => group.Kind).ToList(), property.Name, scenario.Link(property.Uplink), property.Discovery, property.Compression);

        // Built as ScenarioRun builds it, so the same seed gives the same workload.
        using var world = new HotelChainWorld([plan], seed);
        var workload = new HotelWorkload(world, scenario.Workload, new ConvergenceOracle(), world.Simulation.Random("workload"));
        world.Add(workload);
        var writes = new List<LiveWrite>();
        var seen = new HashSet<HlcTimestamp>();
        foreach (var node in world.Nodes)
        {
            node.Stored += (stored, changes) =>
            {
                foreach (var change in changes)
                {
                    var document = change.Document;
                    if (document.OriginNode == stored.Name && !document.Deleted && seen.Add(document.Stamp))
                    {
                        writes.Add(new LiveWrite(world.Simulation.Now.TotalSeconds, stored.Name, document.Collection, document.Id, document.BodyJson));
                    }
                }
            };
        }

        workload.Preload();
        world.Run(duration);

        // Drained as ScenarioRun drains: in 10 s steps until the outboxes are empty and the replicas agree, at most 10 minutes.
        var limit = world.Simulation.Now + TimeSpan.FromMinutes(10);
        while (world.Simulation.Now < limit && !(world.OutboxesDrained && world.Converged()))
        {
            world.Run(TimeSpan.FromSeconds(10));
        }

        var preload = writes.Where(write => write.Node == HotelChainWorld.CloudHostName).ToList();
        var devices = world.Properties[0].Tablets.Select(tablet => new LiveDevice(tablet.Name, tablet.Kind, tablet.Host.AccessProfile!)).ToList();
        return new LiveSchedule(preload, writes.Where(write => write.Node != HotelChainWorld.CloudHostName).ToList(), devices, property.Greengrass, scenario.Link(property.Uplink), world.Simulation.Now.Elapsed);
    }
}
