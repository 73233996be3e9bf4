using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;

namespace Hospitality.Sim.Figures;

/// <summary>
/// The seed guide's sync-performance rows, measured in virtual time on Wi-Fi tablets (the simulator
/// models the network, not CPU time on the servers, so these are network-bound figures). The tests
/// judge them against the documented times; the README quotes them.
/// </summary>
public static class SyncPerformance
{
    /// <summary>A tablet's initial sync of 1,000 documents the cloud and Greengrass already hold, via Greengrass or (Greengrass down from the start) via the cloud.</summary>
    public static (TimeSpan Elapsed, string Endpoint) InitialSync(bool viaCloud)
    {
        using var world = new HotelChainWorld(tablets: 1);
        Prefill(world, 1000);
        if (viaCloud)
        {
            world.CrashGreengrass();
        }

        var elapsed = TimeUntil(world, () => world.Tablets[0].Replica.Store.LastSequence >= 1000, limitSeconds: 120);
        return (elapsed, world.Tablets[0].Replication.ActiveEndpoint ?? "none");
    }

    /// <summary>50 documents written at once on one tablet until all are stored on a second, via Greengrass or via the cloud.</summary>
    public static (TimeSpan Elapsed, string Endpoint) Batch(bool viaCloud)
    {
        using var world = new HotelChainWorld(tablets: 2);
        if (viaCloud)
        {
            world.CrashGreengrass();
        }

        world.Run(15);
        var endpoint = world.Tablets[1].Replication.ActiveEndpoint ?? "none";
        world.Simulation.Spawn("checkout-wave", () =>
        {
            for (var i = 0; i < 50; i++)
            {
                world.Tablets[0].Replica.Write("rooms", $"room-{700 + i}", Room(700 + i));
            }

            return Task.CompletedTask;
        });

        var elapsed = TimeUntil(world, () => Enumerable.Range(700, 50).All(n => world.Tablets[1].Replica.Get("rooms", $"room-{n}") is not null), limitSeconds: 30);
        return (elapsed, endpoint);
    }

    /// <summary>100 documents written on a partitioned tablet, then the time from the heal until its outbox is empty and a second tablet holds the last one.</summary>
    public static TimeSpan OfflineQueue()
    {
        using var world = new HotelChainWorld(tablets: 2);
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
        Invariant.Holds(tablet.Replica.Store.OutboxCount == 100, "the partitioned tablet queues all 100 writes");

        cut.Heal();
        return TimeUntil(world, () => tablet.Replica.Store.OutboxCount == 0 && world.Tablets[1].Replica.Get("rooms", "room-599") is not null, limitSeconds: 120);
    }

    private static TimeSpan TimeUntil(HotelChainWorld world, Func<bool> done, double limitSeconds)
    {
        var start = world.Simulation.Now;
        var outcome = world.Simulation.RunUntil(done, start + TimeSpan.FromSeconds(limitSeconds));
        Invariant.Holds(outcome == RunOutcome.ConditionMet, $"done within {limitSeconds} virtual seconds");
        return world.Simulation.Now - start;
    }

    private static void Prefill(HotelChainWorld world, int count)
    {
        var documents = Enumerable.Range(0, count)
            .Select(i => new Document("rooms", $"room-{1000 + i}", Room(1000 + i), new HlcTimestamp(1_767_225_600_000 + i, 0, "cloud-api"), false, "cloud-api"))
            .ToList();
        world.Cloud.Merge(documents);
        world.Greengrass.Merge(documents, "cloud", world.Cloud.LastSequence);
    }

    private static string Room(int number) =>
        $$"""{"id":"room-{{number}}","number":"{{number}}","floor":{{number / 100 % 10}},"type":"deluxe","status":"clean","notes":"{{new string('n', 200)}}"}""";
}
