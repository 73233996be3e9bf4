using Hospitality.Sim.Checks;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Documents;

namespace Hospitality.Sim.Figures;

/// <summary>
/// The seed's use cases 1-4 as small worlds running the real engine, each with a fixed seed and
/// workload, so their propagation figures are the same on every run. The tests judge them; the
/// README quotes them.
/// </summary>
public static class UseCaseWorlds
{
    /// <summary>Use case 1: three Wi-Fi tablets and no Greengrass sync through the cloud; 60 writes over a minute.</summary>
    public static UseCaseWorld SmallHotel()
    {
        using var world = new HotelChainWorld(tablets: 3, seed: 5, greengrass: false);
        var oracle = new ConvergenceOracle();
        var random = world.Simulation.Random("test/small-hotel");
        world.Run(10);
        Invariant.Holds(world.Tablets.All(tablet => tablet.Replication.ActiveEndpoint == "cloud"), "every tablet of a hotel without Greengrass syncs via the cloud");

        for (var i = 0; i < 60; i++)
        {
            var tablet = world.Tablets[random.Next(world.Tablets.Count)];
            var room = 1 + random.Next(12);
            var status = random.Chance(0.5) ? "clean" : "occupied";
            world.Simulation.At(SimTime.FromSeconds(10 + (random.NextDouble() * 60)), () => oracle.Acknowledged(
                tablet.Replica.Write("rooms", $"room-{room}", $$"""{"id":"room-{{room}}","number":"{{room}}","floor":1,"type":"double","status":"{{status}}"}""").Document));
        }

        world.Run(60 + 30);
        return Result(world, oracle);
    }

    /// <summary>Use case 2 on LAN links: ten tablets and a Greengrass; 100 room updates, each awaited on every tablet before the next.</summary>
    public static UseCaseWorld MediumHotel()
    {
        using var world = new HotelChainWorld(tablets: 10, seed: 7, tabletLink: LinkProfiles.Lan);
        var oracle = new ConvergenceOracle();
        world.Run(10);
        var random = world.Simulation.Random("test/writers");

        for (var write = 0; write < 100; write++)
        {
            var writer = world.Tablets[random.Next(world.Tablets.Count)];
            var room = $"room-{100 + write % 30}";
            var body = $$"""{"id":"{{room}}","number":"{{100 + write % 30}}","floor":1,"type":"deluxe","status":"{{(write % 2 == 0 ? "clean" : "dirty")}}","notes":"write {{write}}"}""";
            Document? written = null;
            world.Simulation.Spawn("writer", () =>
            {
                written = writer.Replica.Write("rooms", room, body).Document;
                oracle.Acknowledged(written);
                return Task.CompletedTask;
            });
            var delivered = world.Simulation.RunUntil(
                () => written is not null && world.Tablets.All(tablet => tablet.Replica.Get("rooms", room) == written),
                world.Simulation.Now + TimeSpan.FromSeconds(5));
            Invariant.Holds(delivered == RunOutcome.ConditionMet, "each write reaches every tablet within 5 virtual seconds");
            world.Run(0.5 + random.NextDouble());
        }

        return Result(world, oracle);
    }

    /// <summary>
    /// Use case 3: five properties of two tablets and a Greengrass each; one inventory change at the
    /// first, timed to the cloud, to every Greengrass and to every tablet.
    /// </summary>
    public static UseCaseWorld Chain()
    {
        using var world = new HotelChainWorld(tablets: 2, seed: 3, properties: 5);
        var oracle = new ConvergenceOracle();
        world.Run(20);
        var writer = world.Properties[0].Tablets[0];
        var writtenAt = world.Simulation.Now;
        world.Simulation.Spawn("storekeeper", () =>
        {
            oracle.Acknowledged(writer.Replica.Write("inventory", "towels-bath", """{"id":"towels-bath","item":"Bath towel","location":"Linen room A","quantity":180,"unit":"piece","reorderLevel":120}""").Document);
            return Task.CompletedTask;
        });

        var timings = new Dictionary<string, TimeSpan>
        {
            ["to cloud"] = TimeUntil(world, writtenAt, () => world.Cloud.Get("inventory", "towels-bath") is not null),
            ["to every Greengrass"] = TimeUntil(world, writtenAt, () => world.Properties.All(property => property.Greengrass.Get("inventory", "towels-bath") is not null)),
            ["to every tablet"] = TimeUntil(world, writtenAt, () => world.Properties.All(property => property.Tablets.All(tablet => tablet.Replica.Get("inventory", "towels-bath") is not null))),
        };
        world.Run(20);
        return Result(world, oracle, timings);
    }

    /// <summary>Use case 4: a resort of 3 x 167 Wi-Fi devices on three segments, a Greengrass on each; 300 room updates over 30 s.</summary>
    public static UseCaseWorld Resort()
    {
        using var world = new HotelChainWorld(tablets: 167, seed: 11, properties: 3);
        var oracle = new ConvergenceOracle();
        var random = world.Simulation.Random("test/resort-workload");
        var tablets = world.Properties.SelectMany(property => property.Tablets).ToList();
        world.Run(15);

        for (var i = 0; i < 300; i++)
        {
            var tablet = tablets[random.Next(tablets.Count)];
            var room = 100 + random.Next(400);
            var at = SimTime.FromSeconds(15 + (random.NextDouble() * 30));
            world.Simulation.At(at, () => oracle.Acknowledged(tablet.Replica.Write("rooms", $"room-{room}", $$"""{"id":"room-{{room}}","number":"{{room}}","floor":{{room / 100}},"type":"deluxe","status":"dirty"}""").Document));
        }

        world.Run(30 + 40);
        return Result(world, oracle);
    }

    private static UseCaseWorld Result(HotelChainWorld world, ConvergenceOracle oracle, IReadOnlyDictionary<string, TimeSpan>? timings = null) => new(
        world.Propagation.Percentiles(),
        oracle.Writes,
        oracle.Check(world.ScopedStores).Count,
        world.Simulation.Trace.EventCount,
        timings ?? new Dictionary<string, TimeSpan>());

    private static TimeSpan TimeUntil(HotelChainWorld world, SimTime since, Func<bool> done)
    {
        Invariant.Holds(world.Simulation.RunUntil(done, since + TimeSpan.FromSeconds(60)) == RunOutcome.ConditionMet, "delivered within 60 virtual seconds");
        return world.Simulation.Now - since;
    }
}
