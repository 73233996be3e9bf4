using Hospitality.Sim.Kernel;
using Hospitality.Sim.Worlds;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>Use case 3: a chain of five properties, each with its Greengrass, joined through the cloud.</summary>
public sealed class ChainTests(ITestOutputHelper output)
{
    [Fact]
    public void An_inventory_change_at_one_property_reaches_every_other_property_through_the_cloud()
    {
        using var world = new HotelChainWorld(tablets: 2, seed: 3, properties: 5);
        world.Run(20);
        var writer = world.Properties[0].Tablets[0];
        var writtenAt = world.Simulation.Now;
        world.Simulation.Spawn("storekeeper", () =>
        {
            writer.Replica.Write("inventory", "towels-bath", """{"id":"towels-bath","item":"Bath towel","location":"Linen room A","quantity":180,"unit":"piece","reorderLevel":120}""");
            return Task.CompletedTask;
        });

        var toCloud = TimeUntil(world, writtenAt, () => world.Cloud.Get("inventory", "towels-bath") is not null);
        var toGreengrasses = TimeUntil(world, writtenAt, () => world.Properties.All(property => property.Greengrass.Get("inventory", "towels-bath") is not null));
        var toTablets = TimeUntil(world, writtenAt, () => world.Properties.All(property => property.Tablets.All(tablet => tablet.Replica.Get("inventory", "towels-bath") is not null)));

        world.Run(20);
        Assert.Equal(
            ["device→cloud", "device→device", "device→device, other property", "device→greengrass", "device→greengrass, other property"],
            world.Propagation.Percentiles().Select(path => path.Path));
        foreach (var path in world.Propagation.Percentiles())
        {
            output.WriteLine(path.ToString());
        }

        output.WriteLine($"property 1 to cloud {toCloud.TotalSeconds:F3} s (seed: < 5 s); to every Greengrass {toGreengrasses.TotalSeconds:F3} s; to every tablet {toTablets.TotalSeconds:F3} s (seed: < 15 s more)");

        // Greengrass pushes to the cloud in 15 s batches (the seed's own figure), which bounds the first leg;
        // the cloud streams changes out at once, so the second leg takes only network time.
        Assert.True(toCloud <= TimeSpan.FromSeconds(15.5), $"{toCloud}");
        Assert.True(toTablets - toCloud < TimeSpan.FromSeconds(1), $"{toTablets - toCloud}");
    }

    private static TimeSpan TimeUntil(HotelChainWorld world, SimTime since, Func<bool> done)
    {
        Assert.Equal(RunOutcome.ConditionMet, world.Simulation.RunUntil(done, since + TimeSpan.FromSeconds(60)));
        return world.Simulation.Now - since;
    }
}
