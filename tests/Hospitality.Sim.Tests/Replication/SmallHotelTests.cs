using Hospitality.Sim.Checks;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Worlds;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>Use case 1: a small hotel with no Greengrass; its few devices sync through the cloud (P2P comes with the WebRTC stack).</summary>
public sealed class SmallHotelTests(ITestOutputHelper output)
{
    [Fact]
    public void Three_devices_without_greengrass_sync_through_the_cloud_and_converge()
    {
        using var world = new HotelChainWorld(tablets: 3, seed: 5, greengrass: false);
        var oracle = new ConvergenceOracle();
        var random = world.Simulation.Random("test/small-hotel");
        world.Run(10);
        Assert.All(world.Tablets, tablet => Assert.Equal("cloud", tablet.Replication.ActiveEndpoint));

        for (var i = 0; i < 60; i++)
        {
            var tablet = world.Tablets[random.Next(world.Tablets.Count)];
            var room = 1 + random.Next(12);
            var status = random.Chance(0.5) ? "clean" : "occupied";
            world.Simulation.At(SimTime.FromSeconds(10 + (random.NextDouble() * 60)), () => oracle.Acknowledged(
                tablet.Replica.Write("rooms", $"room-{room}", $$"""{"id":"room-{{room}}","number":"{{room}}","floor":1,"type":"double","status":"{{status}}"}""")));
        }

        world.Run(60 + 30);

        var divergences = oracle.Check(world.Replicas.Select(replica => (replica.NodeId, replica.Store)));
        Assert.True(divergences.Count == 0, string.Join(Environment.NewLine, divergences.Take(5)));
        var paths = world.Propagation.Percentiles().ToDictionary(path => path.Path);
        foreach (var path in paths.Values)
        {
            output.WriteLine(path.ToString());
        }

        Assert.Equal(["device→cloud", "device→device"], paths.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(oracle.Writes * 2, paths["device→device"].Deliveries);
    }
}
