using Hospitality.Sim.Tests.Network;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>
/// A fixed push interval (hotel-node's Node:CloudBatchIntervalMs) on a clock whose timers fire a little
/// early, as OS timers do against the stopwatch: found when a Greengrass's batch sat for the 30 s heartbeat.
/// </summary>
public sealed class PushIntervalTests
{
    private const int ServerPort = 8443;
    private const string Room101 = """{"id":"room-101","number":"101","floor":1,"type":"deluxe","status":"clean"}""";
    private const string Room102 = """{"id":"room-102","number":"102","floor":1,"type":"deluxe","status":"clean"}""";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_batch_goes_when_its_timer_fires_even_if_the_timer_fires_before_the_clock_reaches_its_deadline(int earlyMilliseconds)
    {
        var world = new TestWorld();
        var cloud = world.Host("cloud", world.Cloud, TestWorld.Clean("cloud"));
        var greengrass = world.Host("greengrass", world.BuildingA, TestWorld.Clean("greengrass"));
        var upstream = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(cloud.Clock, "cloud"));
        var server = new ReplicationServer(upstream, cloud.Network, new ReplicationServerOptions { Port = ServerPort, QueuePushesForUpstream = false });
        cloud.Spawn("replication-server", async _ => await server.StartAsync());
        var clock = new EarlyTimerClock(greengrass.Clock, TimeSpan.FromMilliseconds(earlyMilliseconds));
        var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(clock, "greengrass"));
        var options = new ReplicatorOptions { Upstream = "cloud", Host = cloud.Address!.ToString(), Port = ServerPort, PushInterval = TimeSpan.FromMilliseconds(200) };
        var replicator = new Replicator(replica, greengrass.Network, options, clock, world.Simulation.Random("greengrass/replicator"));
        greengrass.Spawn("replicator", async _ => await replicator.StartAsync());
        world.Run(2);

        // The first write goes at once (the last batch is long past); the second waits for the timer.
        world.Simulation.Spawn("front-desk", async () =>
        {
            replica.Write("rooms", "room-101", Room101);
            await greengrass.Clock.Delay(TimeSpan.FromMilliseconds(50));
            replica.Write("rooms", "room-102", Room102);
        });
        world.Run(1);

        Assert.Equal(Room101, upstream.Get("rooms", "room-101")?.BodyJson);
        Assert.Equal(Room102, upstream.Get("rooms", "room-102")?.BodyJson);
    }

    /// <summary>The simulator's clock, except that every timer fires <paramref name="early"/> before it is due.</summary>
    private sealed class EarlyTimerClock(TimeProvider inner, TimeSpan early) : TimeProvider
    {
        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new EarlyTimer(inner.CreateTimer(callback, state, Early(dueTime), Early(period)), Early);

        private TimeSpan Early(TimeSpan due) => due == Timeout.InfiniteTimeSpan || due <= early ? due : due - early;

        private sealed class EarlyTimer(ITimer inner, Func<TimeSpan, TimeSpan> early) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(early(dueTime), period);

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
