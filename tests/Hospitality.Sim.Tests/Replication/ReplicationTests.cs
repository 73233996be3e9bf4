using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;

namespace Hospitality.Sim.Tests.Replication;

public sealed class ReplicationTests
{
    private const string Room101 = """{"id":"room-101","number":"101","floor":1,"type":"deluxe","status":"dirty"}""";
    private const string Room101Clean = """{"id":"room-101","number":"101","floor":1,"type":"deluxe","status":"clean"}""";
    private const string Room101Inspected = """{"id":"room-101","number":"101","floor":1,"type":"deluxe","status":"inspected"}""";

    [Fact]
    public void A_room_update_on_one_tablet_reaches_every_tablet_through_greengrass_within_50_ms()
    {
        var world = new GreengrassHotelWorld(tablets: 4);
        world.Run(2);
        Assert.All(world.Tablets, tablet => Assert.Equal(ReplicatorState.Live, tablet.Replicator.State));

        var writtenAt = world.Simulation.Now;
        world.Simulation.Spawn("front-desk", () =>
        {
            world.Tablets[0].Replica.Write("rooms", "room-101", Room101Clean);
            return Task.CompletedTask;
        });

        Assert.True(world.RunUntilEverywhere("rooms", "room-101", document => document?.BodyJson == Room101Clean, limitSeconds: 5));
        Assert.True(world.Simulation.Now - writtenAt < TimeSpan.FromMilliseconds(50), $"took {world.Simulation.Now - writtenAt}");
        world.Run(1);
        Assert.All(world.Tablets, tablet => Assert.Equal(0, tablet.Replica.Store.OutboxCount));
    }

    [Fact]
    public void Concurrent_edits_of_one_room_converge_on_the_last_writer_everywhere()
    {
        var world = new GreengrassHotelWorld(tablets: 3);
        world.Run(2);

        world.Simulation.Spawn("housekeeping", () =>
        {
            world.Tablets[1].Replica.Write("rooms", "room-101", Room101Clean);
            world.Tablets[2].Replica.Write("rooms", "room-101", Room101Inspected);
            return Task.CompletedTask;
        });
        world.Run(5);

        var versions = world.Replicas.Select(replica => replica.Get("rooms", "room-101")).ToList();
        Assert.All(versions, version => Assert.Equal(versions[0], version));
        Assert.Equal(Room101Inspected, versions[0]!.BodyJson); // tablet-3 wrote last (its stamp is later)
        var conflict = Assert.Single(world.Tablets[1].Replica.Store.RecentConflicts(10)); // tablet-2's write lost, durably logged
        Assert.Equal("tablet-3", conflict.WinnerStamp.NodeId);
    }

    [Fact]
    public void A_tablet_cut_off_keeps_working_and_catches_up_both_ways_after_healing()
    {
        var world = new GreengrassHotelWorld(tablets: 3);
        world.Run(2);
        var offline = world.Tablets[2];
        var cut = world.Network.Partition([offline.Host], [world.GreengrassHost]);

        world.Simulation.Spawn("writes-while-cut", () =>
        {
            world.Tablets[0].Replica.Write("rooms", "room-101", Room101);
            for (var i = 0; i < 100; i++)
            {
                offline.Replica.Write("housekeeping", $"task-{i}", HousekeepingTask(i));
            }

            return Task.CompletedTask;
        });
        world.Run(120);
        Assert.Null(offline.Replica.Get("rooms", "room-101"));
        Assert.Equal(100, offline.Replica.Store.OutboxCount);

        cut.Heal();
        var converged = world.Simulation.RunUntil(
            () => offline.Replica.Get("rooms", "room-101") is not null && world.Tablets[0].Replica.Get("housekeeping", "task-99") is not null && offline.Replica.Store.OutboxCount == 0,
            world.Simulation.Now + TimeSpan.FromSeconds(60));

        Assert.True(converged == RunOutcome.ConditionMet, $"{converged} at {world.Simulation.Now}: state {offline.Replicator.State}, failures {offline.Replicator.Failures}, last error {offline.Replicator.LastError}, outbox {offline.Replica.Store.OutboxCount}, room {offline.Replica.Get("rooms", "room-101") is not null}, task-99 at tablet-1 {world.Tablets[0].Replica.Get("housekeeping", "task-99") is not null}, server connections {world.Server.ConnectionCount}");
        Assert.True(offline.Replicator.Failures > 0);
    }

    [Fact]
    public void A_write_that_breaks_the_schema_is_refused_and_stores_nothing()
    {
        var world = new GreengrassHotelWorld(tablets: 1);
        var tablet = world.Tablets[0].Replica;

        var error = Assert.Throws<DocumentValidationException>(() => tablet.Write("rooms", "room-101", """{"id":"room-101","number":"101","floor":1,"type":"deluxe","status":"sparkling"}"""));

        Assert.Equal("status", Assert.Single(error.Errors).Path);
        Assert.Null(tablet.Get("rooms", "room-101"));
        Assert.Equal(0, tablet.Store.OutboxCount);
    }

    private static string HousekeepingTask(int i) =>
        $$"""{"id":"task-{{i}}","roomId":"room-{{100 + i}}","kind":"departure-clean","status":"pending","priority":"normal"}""";
}
