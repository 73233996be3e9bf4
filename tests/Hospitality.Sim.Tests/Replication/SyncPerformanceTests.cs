using Hospitality.Sim.Kernel;
using Hospitality.Sim.Worlds;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>
/// The seed guide's sync-performance rows, measured in virtual time on Wi-Fi tablets (the
/// simulator models the network, not CPU time on the servers, so these are network-bound figures).
/// </summary>
public sealed class SyncPerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Initial_sync_of_1000_documents_via_greengrass_takes_under_the_documented_5_s()
    {
        var world = new HotelChainWorld(tablets: 1);
        Prefill(world, 1000);

        var elapsed = TimeUntil(world, () => world.Tablets[0].Replica.Store.LastSequence >= 1000, limitSeconds: 60);

        output.WriteLine($"initial sync of 1000 documents via Greengrass: {elapsed.TotalSeconds:F3} s (documented 5 s)");
        Assert.Equal("greengrass", world.Tablets[0].Replication.ActiveEndpoint);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"{elapsed}");
    }

    [Fact]
    public void Initial_sync_of_1000_documents_via_cloud_takes_under_the_documented_20_s()
    {
        var world = new HotelChainWorld(tablets: 1);
        Prefill(world, 1000);
        world.CrashGreengrass();

        var elapsed = TimeUntil(world, () => world.Tablets[0].Replica.Store.LastSequence >= 1000, limitSeconds: 120);

        output.WriteLine($"initial sync of 1000 documents via cloud (Greengrass down from the start): {elapsed.TotalSeconds:F3} s (documented 20 s)");
        Assert.Equal("cloud", world.Tablets[0].Replication.ActiveEndpoint);
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"{elapsed}");
    }

    [Theory]
    [InlineData(false, 0.2)]
    [InlineData(true, 1.0)]
    public void A_batch_of_50_documents_reaches_another_tablet_within_the_documented_time(bool viaCloud, double documentedSeconds)
    {
        var world = new HotelChainWorld(tablets: 2);
        if (viaCloud)
        {
            world.CrashGreengrass();
        }

        world.Run(15);
        Assert.Equal(viaCloud ? "cloud" : "greengrass", world.Tablets[1].Replication.ActiveEndpoint);
        world.Simulation.Spawn("checkout-wave", () =>
        {
            for (var i = 0; i < 50; i++)
            {
                world.Tablets[0].Replica.Write("rooms", $"room-{700 + i}", Room(700 + i));
            }

            return Task.CompletedTask;
        });

        var elapsed = TimeUntil(world, () => world.Tablets[1].Replica.Get("rooms", "room-749") is not null && Enumerable.Range(700, 50).All(n => world.Tablets[1].Replica.Get("rooms", $"room-{n}") is not null), limitSeconds: 30);

        output.WriteLine($"batch of 50 documents tablet to tablet via {(viaCloud ? "cloud" : "Greengrass")}: {elapsed.TotalMilliseconds:F1} ms (documented {documentedSeconds * 1000:F0} ms)");
        Assert.True(elapsed < TimeSpan.FromSeconds(documentedSeconds), $"{elapsed}");
    }

    [Fact]
    public void An_offline_queue_of_100_documents_flushes_to_greengrass_soon_after_reconnecting()
    {
        var world = new HotelChainWorld(tablets: 2);
        world.Run(10);
        var tablet = world.Tablets[0];
        var cut = world.Network.Partition([tablet.Host], world.Network.Hosts.Where(host => host != tablet.Host).ToList());
        world.Simulation.Spawn("offline-edits", () =>
        {
            for (var i = 0; i < 100; i++)
            {
                tablet.Replica.Write("rooms", $"room-{500 + i}", Room(500 + i));
            }

            return Task.CompletedTask;
        });
        world.Run(60);
        Assert.Equal(100, tablet.Replica.Store.OutboxCount);

        cut.Heal();
        var elapsed = TimeUntil(world, () => tablet.Replica.Store.OutboxCount == 0 && world.Tablets[1].Replica.Get("rooms", "room-599") is not null, limitSeconds: 120);

        output.WriteLine($"offline queue of 100 documents flushed after reconnect: {elapsed.TotalSeconds:F3} s after the heal (reconnect backoff included)");
        Assert.True(elapsed < TimeSpan.FromSeconds(45), $"{elapsed}");
    }

    private static TimeSpan TimeUntil(HotelChainWorld world, Func<bool> done, double limitSeconds)
    {
        var start = world.Simulation.Now;
        var outcome = world.Simulation.RunUntil(done, start + TimeSpan.FromSeconds(limitSeconds));
        Assert.Equal(RunOutcome.ConditionMet, outcome);
        return world.Simulation.Now - start;
    }

    private static void Prefill(HotelChainWorld world, int count)
    {
        var documents = Enumerable.Range(0, count)
            .Select(i => new Document("rooms", $"room-{1000 + i}", Room(1000 + i), new HlcTimestamp(1_767_225_600_000 + i, 0, "cloud-api"), false, "cloud-api"))
            .ToList();
        world.Cloud.Merge(documents);
        world.Greengrass.Merge(documents, "cloud", world.Cloud.Store.LastSequence);
    }

    private static string Room(int number) =>
        $$"""{"id":"room-{{number}}","number":"{{number}}","floor":{{number / 100 % 10}},"type":"deluxe","status":"clean","notes":"{{new string('n', 200)}}"}""";
}
