using Hospitality.Sim.Network;
using Xunit.Abstractions;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>P2P replication beside the cloud in a small hotel: the seed's use case 1 with the internet down.</summary>
public sealed class PeerReplicationTests(ITestOutputHelper output)
{
    private static string Room(int number) => $$"""{"id":"{{number}}","number":"{{number}}","floor":1,"type":"deluxe","status":"occupied"}""";

    [Fact]
    public void During_an_internet_outage_a_write_reaches_the_other_tablets_in_milliseconds_and_the_cloud_after()
    {
        var world = new SmallHotelWorld(tablets: 3, seed: 21);
        Assert.True(world.RunUntil(() => world.Tablets.All(tablet => tablet.Peer.Peers.Count == 2), 60), "the mesh did not form");

        world.Network.SetInternetUp(world.Building, false);
        world.RunUntil(() => false, 5);
        var writtenAt = world.Simulation.Now;
        world.Tablets[0].Replica.Write("rooms", "101", Room(101));
        Assert.True(world.RunUntil(() => world.Tablets.All(tablet => tablet.Replica.Get("rooms", "101") is not null), 5), "the write did not cross the mesh");
        var tookMs = (world.Simulation.Now - writtenAt).TotalMilliseconds;

        output.WriteLine($"device to device over P2P on Wi-Fi during the outage: {tookMs:0.00} ms");
        Assert.True(tookMs < 50, $"device to device took {tookMs:0.0} ms on Wi-Fi");
        Assert.Null(world.Cloud.Get("rooms", "101"));

        // Peers never acknowledge for a server: the writer's outbox still holds the version.
        world.RunUntil(() => false, 60);
        Assert.True(world.Tablets[0].Replica.Store.OutboxCount >= 1);

        world.Network.SetInternetUp(world.Building, true);
        var healedAt = world.Simulation.Now;
        Assert.True(world.RunUntil(() => world.Cloud.Get("rooms", "101") is not null && world.Tablets.All(tablet => tablet.Replica.Store.OutboxCount == 0), 120), "the cloud did not catch up");
        Assert.Equal(world.Tablets[0].Replica.Get("rooms", "101"), world.Cloud.Get("rooms", "101"));
        output.WriteLine($"the cloud caught up {(world.Simulation.Now - healedAt).TotalSeconds:0.0} s after the internet came back");
    }

    [Theory]
    [InlineData("wifi", 50)]
    [InlineData("lan", 10)]
    public void Device_to_device_p99_during_an_outage_meets_the_goal(string link, double p99GoalMs)
    {
        var world = new SmallHotelWorld(tablets: 4, seed: 31, tabletLink: link == "lan" ? LinkProfiles.Lan : LinkProfiles.Wifi);
        Assert.True(world.RunUntil(() => world.Tablets.All(tablet => tablet.Peer.Peers.Count == 3), 60), "the mesh did not form");
        world.Network.SetInternetUp(world.Building, false);
        world.RunUntil(() => false, 5);

        var random = world.Simulation.Random("writes");
        var latenciesMs = new List<double>();
        for (var write = 0; write < 200; write++)
        {
            var writer = world.Tablets[random.Next(world.Tablets.Count)];
            var room = 100 + write;
            var writtenAt = world.Simulation.Now;
            var stamp = writer.Replica.Write("rooms", $"{room}", Room(room)).Document.Stamp;
            var pending = world.Tablets.Where(tablet => tablet != writer).ToList();
            while (pending.Count > 0 && world.RunUntil(() => pending.Any(tablet => tablet.Replica.Get("rooms", $"{room}")?.Stamp == stamp), 5))
            {
                foreach (var arrived in pending.Where(tablet => tablet.Replica.Get("rooms", $"{room}")?.Stamp == stamp).ToList())
                {
                    latenciesMs.Add((world.Simulation.Now - writtenAt).TotalMilliseconds);
                    pending.Remove(arrived);
                }
            }

            Assert.Empty(pending);
            world.RunUntil(() => false, 0.5 + random.NextDouble());
        }

        latenciesMs.Sort();
        double Percentile(double p) => latenciesMs[(int)Math.Ceiling(p * latenciesMs.Count) - 1];
        output.WriteLine($"P2P device to device on {link} during the outage: p50 {Percentile(0.5):0.00} ms, p99 {Percentile(0.99):0.00} ms, max {latenciesMs[^1]:0.00} ms over {latenciesMs.Count} deliveries");
        Assert.Equal(600, latenciesMs.Count);
        Assert.True(Percentile(0.99) < p99GoalMs, $"p99 {Percentile(0.99):0.00} ms on {link}");
    }

    [Fact]
    public void A_write_floods_to_a_tablet_that_is_not_linked_to_the_writer_and_each_version_is_stored_once()
    {
        var world = new SmallHotelWorld(tablets: 3, seed: 22, tabletLink: LinkProfiles.Lan);
        Assert.True(world.RunUntil(() => world.Tablets.All(tablet => tablet.Peer.Peers.Count == 2), 60));

        // Tablets 1 and 3 lose their direct path: the write goes round through tablet 2.
        world.Network.SetInternetUp(world.Building, false);
        world.Network.Partition([world.Tablets[0].Host], [world.Tablets[2].Host]);
        Assert.True(world.RunUntil(() => world.Tablets[0].Peer.Peers.Count == 1, 60), "the broken link was not noticed");
        world.Tablets[0].Replica.Write("rooms", "102", Room(102));

        Assert.True(world.RunUntil(() => world.Tablets[2].Replica.Get("rooms", "102") is not null, 5), "the write did not go round");
        Assert.Equal(1, world.Tablets[2].P2P.VersionsStored);
        Assert.Equal(0, world.Tablets[0].P2P.VersionsStored);
    }

    [Fact]
    public void A_tablet_that_links_late_catches_up_by_pulling_its_peers_feed_page_by_page()
    {
        var world = new PeerWorld(seed: 24);
        var first = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(world.Simulation.Clock, "tablet-1"));
        using var firstP2P = new PeerReplication(first, world.Start("tablet-1"));
        for (var room = 200; room < 320; room++)
        {
            first.Write("rooms", $"{room}", Room(room));
        }

        var second = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(world.Simulation.Clock, "tablet-2"));
        using var secondP2P = new PeerReplication(second, world.Start("tablet-2"));

        Assert.True(world.RunUntil(() => second.Store.ChangesSince(0, 1000).Changes.Count == 120, 30), "the late tablet did not catch up");
        Assert.Equal(120, secondP2P.VersionsStored);
        Assert.Equal(0, secondP2P.VersionsDuplicate);
        Assert.Equal(120, second.Store.OutboxCount);
    }

    [Fact]
    public void A_version_that_breaks_the_schema_from_a_peer_is_refused_like_a_push()
    {
        var world = new PeerWorld(seed: 25);
        var first = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(world.Simulation.Clock, "tablet-1"));
        var firstPeer = world.Start("tablet-1");
        var second = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(world.Simulation.Clock, "tablet-2"));
        using var secondP2P = new PeerReplication(second, world.Start("tablet-2"));
        Assert.True(world.RunUntil(() => firstPeer.Peers.Count == 1, 30));

        var forged = new Document("rooms", "666", """{"number":666}""", first.Clock.Now(), false, "tablet-1");
        world.Run(async () => await firstPeer.SendAsync("tablet-2", ProtocolCodec.Encode(new ChangeEvent(0, [forged], 0))));
        world.Run(async () => await firstPeer.SendAsync("tablet-2", PeerWorld.Text("not a replication frame")));
        world.Settle();

        Assert.Null(second.Get("rooms", "666"));
        Assert.Equal(1, second.RejectedVersions);
        Assert.Equal(1, secondP2P.MalformedFrames);
    }
}
