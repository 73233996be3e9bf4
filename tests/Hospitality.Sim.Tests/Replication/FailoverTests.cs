using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Replication;

public sealed class FailoverTests
{
    [Fact]
    public void Devices_prefer_greengrass_and_writes_reach_the_cloud_fast_and_coalesce_under_load()
    {
        var world = new HotelChainWorld(tablets: 3);
        world.Run(5);
        Assert.All(world.Tablets, tablet => Assert.Equal("greengrass", tablet.Replication.ActiveEndpoint));

        // An idle line: one write goes up after the push linger (100 ms) and a round trip, not at the next 15 s batch.
        var pushesBefore = world.CloudNode.Processor.Work(NodeWorkKind.PushBatch);
        var writtenAt = world.Simulation.Now;
        world.Simulation.Spawn("front-desk", () =>
        {
            world.Tablets[0].Replica.Write("rooms", "room-101", Room("101", "clean"));
            return Task.CompletedTask;
        });
        Assert.Equal(RunOutcome.ConditionMet, world.Simulation.RunUntil(() => world.Cloud.Get("rooms", "room-101") is not null, writtenAt + TimeSpan.FromSeconds(1)));
        Assert.True(world.Simulation.Now - writtenAt >= TimeSpan.FromMilliseconds(100), $"the write reached the cloud after {world.Simulation.Now - writtenAt}, before the linger");
        Assert.Equal(pushesBefore + 1, world.CloudNode.Processor.Work(NodeWorkKind.PushBatch));
        Assert.All(world.Tablets, tablet => Assert.NotNull(tablet.Replica.Get("rooms", "room-101")));

        // Under load (a write every 10 ms for 4 s), writes coalesce into far fewer pushes, and none waits past the ceiling (2 s) and a round trip.
        world.Run(10);
        pushesBefore = world.CloudNode.Processor.Work(NodeWorkKind.PushBatch);
        var deadlines = new List<(string Id, SimTime Due)>();
        world.Simulation.Spawn("housekeeping", async () =>
        {
            for (var i = 0; i < 400; i++)
            {
                world.Tablets[i % 3].Replica.Write("rooms", $"room-{1000 + i}", Room($"{1000 + i}", "dirty"));
                deadlines.Add(($"room-{1000 + i}", world.Simulation.Now + TimeSpan.FromSeconds(3)));
                await world.Simulation.Clock.Delay(TimeSpan.FromMilliseconds(10));
            }
        });
        while (deadlines.Count < 400 || deadlines.Any(deadline => world.Cloud.Get("rooms", deadline.Id) is null))
        {
            var pending = deadlines.Where(deadline => world.Cloud.Get("rooms", deadline.Id) is null).ToList();
            Assert.All(pending, deadline => Assert.True(world.Simulation.Now <= deadline.Due, $"{deadline.Id} had not reached the cloud by {deadline.Due}"));
            world.Simulation.RunUntil(world.Simulation.Now + TimeSpan.FromMilliseconds(50));
        }

        var pushes = world.CloudNode.Processor.Work(NodeWorkKind.PushBatch) - pushesBefore;
        Assert.True(pushes <= 400 / 10, $"400 writes went up in {pushes} pushes");
        world.Run(5);
        Assert.True(world.Converged());
    }

    [Fact]
    public void Greengrass_crash_moves_devices_to_cloud_without_losing_writes_and_back_when_it_returns()
    {
        // The replication's own probes (configured names); with mDNS the detector decides: HotelWorldDiscoveryTests.
        var world = new HotelChainWorld([new PropertyPlan(true, [LinkProfiles.Wifi, LinkProfiles.Wifi, LinkProfiles.Wifi], Discovery: Sim.Discovery.DiscoveryMode.Static)], seed: 1);
        world.Run(20);
        world.CrashGreengrass();
        var crashedAt = world.Simulation.Now;

        var movedToCloud = world.Simulation.RunUntil(
            () => world.Tablets.All(tablet => tablet.Replication.ActiveEndpoint == "cloud"),
            crashedAt + TimeSpan.FromSeconds(30));
        Assert.Equal(RunOutcome.ConditionMet, movedToCloud);
        var failoverTime = world.Simulation.Now - crashedAt;
        Assert.True(failoverTime <= TimeSpan.FromSeconds(20), $"failover took {failoverTime}");

        world.Simulation.Spawn("housekeeping", () =>
        {
            for (var i = 0; i < 20; i++)
            {
                world.Tablets[i % 3].Replica.Write("rooms", $"room-{200 + i}", Room($"{200 + i}", "dirty"));
            }

            return Task.CompletedTask;
        });
        world.Run(10);
        Assert.All(world.Tablets, tablet => Assert.NotNull(tablet.Replica.Get("rooms", "room-219")));

        world.RestartGreengrass();
        var restartedAt = world.Simulation.Now;
        var movedBack = world.Simulation.RunUntil(
            () => world.Tablets.All(tablet => tablet.Replication.ActiveEndpoint == "greengrass"),
            restartedAt + TimeSpan.FromSeconds(60));
        Assert.Equal(RunOutcome.ConditionMet, movedBack);

        world.Run(30);
        Assert.True(world.Converged());
        Assert.Equal(20, HotelChainWorld.Snapshot(world.Greengrass).Count(document => document.Id.StartsWith("room-2", StringComparison.Ordinal)));
        Assert.All(world.Tablets, tablet => Assert.Equal(0, tablet.Replica.Store.OutboxCount));
    }

    [Fact]
    public void Without_internet_the_property_syncs_locally_and_catches_up_with_the_cloud_after()
    {
        var world = new HotelChainWorld(tablets: 3);
        world.Run(10);
        world.Network.SetInternetUp(world.Building, false);

        world.Simulation.Spawn("busy-evening", () =>
        {
            for (var i = 0; i < 50; i++)
            {
                world.Tablets[i % 3].Replica.Write("rooms", $"room-{300 + i}", Room($"{300 + i}", "occupied"));
            }

            return Task.CompletedTask;
        });
        world.Run(60);
        Assert.All(world.Tablets, tablet => Assert.Equal("greengrass", tablet.Replication.ActiveEndpoint));
        Assert.All(world.Tablets, tablet => Assert.NotNull(tablet.Replica.Get("rooms", "room-349")));
        Assert.Null(world.Cloud.Get("rooms", "room-300"));

        world.Network.SetInternetUp(world.Building, true);
        var caughtUp = world.Simulation.RunUntil(world.Converged, world.Simulation.Now + TimeSpan.FromSeconds(120));

        Assert.Equal(RunOutcome.ConditionMet, caughtUp);
        Assert.Equal(50, HotelChainWorld.Snapshot(world.Cloud).Count(document => document.Id.StartsWith("room-3", StringComparison.Ordinal)));
    }

    private static string Room(string number, string status) =>
        $$"""{"id":"room-{{number}}","number":"{{number}}","floor":{{number[0] - '0'}},"type":"deluxe","status":"{{status}}"}""";
}
