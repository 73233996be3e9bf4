using Hospitality.Sim.Checks;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

public sealed class ConvergenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Concurrent_edits_and_deletes_through_a_greengrass_crash_and_a_partition_converge_on_last_write_wins(ulong seed)
    {
        var world = new HotelChainWorld(tablets: 4, seed);
        var oracle = new ConvergenceOracle();
        var random = world.Simulation.Random("test/workload");
        world.Run(10);

        for (var i = 0; i < 150; i++)
        {
            var at = SimTime.FromSeconds(10 + (random.NextDouble() * 60));
            var tablet = world.Tablets[random.Next(world.Tablets.Count)];
            var room = 100 + random.Next(20);
            var delete = random.Chance(0.1);
            var status = random.Chance(0.5) ? "clean" : "dirty";
            world.Simulation.At(at, () => oracle.Acknowledged((delete
                ? tablet.Replica.Delete("rooms", $"room-{room}")
                : tablet.Replica.Write("rooms", $"room-{room}", $$"""{"id":"room-{{room}}","number":"{{room}}","floor":1,"type":"deluxe","status":"{{status}}"}""")).Document));
        }

        world.Simulation.At(SimTime.FromSeconds(20), world.CrashGreengrass);
        world.Simulation.At(SimTime.FromSeconds(40), world.RestartGreengrass);
        var cut = world.Tablets[3].Host;
        world.Network.SchedulePartition(SimTime.FromSeconds(25), SimTime.FromSeconds(50), [cut], world.Network.Hosts.Where(host => host != cut).ToList());

        world.Run(60 + 120);

        var divergences = oracle.Check(world.Replicas.Select(replica => (replica.NodeId, replica.Store)));
        output.WriteLine($"seed {seed}: {oracle.Writes} acknowledged writes, {divergences.Count} divergences, trace {world.Simulation.Trace.HashHex}");
        Assert.True(divergences.Count == 0, string.Join(Environment.NewLine, divergences.Take(10)));
        Assert.All(world.Tablets, tablet => Assert.Equal(0, tablet.Replica.Store.OutboxCount));
    }
}
