using Hospitality.Sim.Checks;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Worlds;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>Use case 4: a resort of 500 devices on three network segments, a Greengrass on each, and the cloud.</summary>
public sealed class ResortTests(ITestOutputHelper output)
{
    [Fact]
    public void Five_hundred_devices_on_three_segments_converge()
    {
        using var world = new HotelChainWorld(tablets: 167, seed: 11, properties: 3);
        var oracle = new ConvergenceOracle();
        var random = world.Simulation.Random("test/resort-workload");
        var tablets = world.Properties.SelectMany(property => property.Tablets).ToList();
        world.Run(15);

        for (var i = 0; i < 300; i++)
        {
            var tablet = tablets[random.Next(tablets.Count)];
            var room = 100 + random.Next(400);
            var at = SimTime.FromSeconds(15 + (random.NextDouble() * 30));
            world.Simulation.At(at, () => oracle.Acknowledged(tablet.Replica.Write("rooms", $"room-{room}", $$"""{"id":"room-{{room}}","number":"{{room}}","floor":{{room / 100}},"type":"deluxe","status":"dirty"}""")));
        }

        world.Run(30 + 40);

        var divergences = oracle.Check(world.Replicas.Select(replica => (replica.NodeId, replica.Store)));
        output.WriteLine($"{tablets.Count} devices, {oracle.Writes} writes, {world.Simulation.Trace.EventCount:N0} events, {divergences.Count} divergences");
        foreach (var path in world.Propagation.Percentiles())
        {
            output.WriteLine(path.ToString());
        }

        // A version superseded before it reached a replica is never stored there, so deliveries < writes x replicas.
        Assert.Contains(world.Propagation.Percentiles(), path => path.Path == "device→device, other property" && path.Deliveries > 0);
        Assert.True(divergences.Count == 0, string.Join(Environment.NewLine, divergences.Take(5)));
    }
}
