using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>A crashed node restarts from its disk: the store is reopened, nothing committed is lost, the clock resumes above it.</summary>
public sealed class RestartTests
{
    [Fact]
    public void A_restarted_greengrass_reopens_its_store_with_everything_it_had_committed()
    {
        using var world = new HotelChainWorld(tablets: 2, seed: 4);
        world.Run(5);
        world.Simulation.Spawn("front-desk", () =>
        {
            world.Tablets[0].Replica.Write("rooms", "room-101", Room("101", "clean"));
            return Task.CompletedTask;
        });
        world.Run(2);
        var before = world.Greengrass;
        var newestBefore = before.Store.NewestStamp();
        var room = before.Get("rooms", "room-101");
        Assert.NotNull(room);

        world.CrashGreengrass();
        world.Run(5);
        world.RestartGreengrass();

        Assert.NotSame(before, world.Greengrass);
        Assert.Equal(room, world.Greengrass.Get("rooms", "room-101"));
        Assert.True(world.Greengrass.Clock.Now() > newestBefore);
        world.Run(20);
        Assert.All(world.Tablets, tablet => Assert.Equal("greengrass", tablet.Replication.ActiveEndpoint));
    }

    [Fact]
    public void A_tablet_that_crashes_with_unsent_writes_sends_them_after_it_restarts()
    {
        using var world = new HotelChainWorld(tablets: 2, seed: 6);
        world.Run(5);
        var tablet = world.Tablets[1];
        var building = tablet.Host.Segment!;
        world.Network.Move(tablet.Host, null);
        world.Simulation.Spawn("housekeeper", () =>
        {
            for (var i = 0; i < 10; i++)
            {
                tablet.Replica.Write("rooms", $"room-{200 + i}", Room($"{200 + i}", "dirty"));
            }

            return Task.CompletedTask;
        });
        world.Run(1);
        Assert.Equal(10, tablet.Replica.Store.OutboxCount);

        world.Crash(tablet);
        world.Run(5);
        world.Network.Move(tablet.Host, building);
        world.Restart(tablet);
        Assert.Equal(10, tablet.Replica.Store.OutboxCount);

        var delivered = world.Simulation.RunUntil(() => world.Tablets[0].Replica.Get("rooms", "room-209") is not null, world.Simulation.Now + TimeSpan.FromSeconds(30));
        Assert.Equal(RunOutcome.ConditionMet, delivered);
        world.Run(20);
        Assert.True(world.Converged());
        Assert.Equal(0, tablet.Replica.Store.OutboxCount);
    }

    private static string Room(string number, string status) =>
        $$"""{"id":"room-{{number}}","number":"{{number}}","floor":{{number[0] - '0'}},"type":"deluxe","status":"{{status}}"}""";
}
