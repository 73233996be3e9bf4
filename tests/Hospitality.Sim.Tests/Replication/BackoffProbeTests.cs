using Hospitality.Sim.Tests.Network;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>
/// A replicator whose upstream was away long enough for the backoff to reach its 30 s ceiling: the
/// outage scenarios' offline queue reached the cloud up to 30 s after the line returned.
/// </summary>
public sealed class BackoffProbeTests
{
    private const int ServerPort = 8443;
    private const string Room101 = """{"id":"room-101","number":"101","floor":1,"type":"deluxe","status":"dirty"}""";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_replicator_backed_off_to_its_ceiling_pushes_within_one_probe_interval_of_its_upstream_answering_again(bool probing)
    {
        var world = new TestWorld();
        var cloud = world.Host("cloud", world.Cloud, TestWorld.Clean("cloud"));
        var greengrass = world.Host("greengrass", world.BuildingA, TestWorld.Clean("greengrass"));
        var upstream = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(cloud.Clock, "cloud"));
        var server = new ReplicationServer(upstream, cloud.Network, new ReplicationServerOptions { Port = ServerPort, QueuePushesForUpstream = false });
        var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(greengrass.Clock, "greengrass"));
        // A ceiling of minutes, so a retry that merely happened to fall soon after the return cannot pass for the probe.
        var options = new ReplicatorOptions { Upstream = "cloud", Host = cloud.Address!.ToString(), Port = ServerPort, RetryMaxDelay = TimeSpan.FromMinutes(5) };
        options = probing ? options : options with { BackoffProbeInterval = null };
        var replicator = new Replicator(replica, greengrass.Network, options, greengrass.Clock, world.Simulation.Random("greengrass/replicator"));
        greengrass.Spawn("replicator", async _ => await replicator.StartAsync());
        replica.Write("rooms", "room-101", Room101);

        world.Run(1800); // half an hour of refused connections: the backoff is at its ceiling
        var failures = replicator.Failures;
        cloud.Spawn("replication-server", async _ => await server.StartAsync());
        var back = world.Simulation.Now;
        while (upstream.Get("rooms", "room-101") is null && world.Simulation.Now - back < TimeSpan.FromMinutes(6))
        {
            world.Run(0.1);
        }

        var took = world.Simulation.Now - back;
        world.Run(1); // the push's acknowledgement comes back a round trip after the upstream stored it
        Assert.InRange(failures, 8, 40);
        Assert.Equal(Room101, upstream.Get("rooms", "room-101")?.BodyJson);
        Assert.Equal(0, replica.OutboxCount);
        if (probing)
        {
            Assert.InRange(took, TimeSpan.Zero, TimeSpan.FromSeconds(6)); // the 5 s probe interval and one exchange
        }
        else
        {
            Assert.InRange(took, TimeSpan.FromSeconds(6), TimeSpan.FromMinutes(5)); // what it was: the rest of the backoff
        }
    }
}
