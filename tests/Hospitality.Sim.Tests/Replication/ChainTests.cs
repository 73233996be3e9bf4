using Hospitality.Sim.Figures;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>Use case 3: a chain of five properties, each with its Greengrass, joined through the cloud.</summary>
public sealed class ChainTests(ITestOutputHelper output)
{
    [Fact]
    public void An_inventory_change_at_one_property_reaches_every_other_property_through_the_cloud()
    {
        var world = UseCaseWorlds.Chain();
        Assert.Equal(
            ["device→cloud", "device→device", "device→device, other property", "device→greengrass", "device→greengrass, other property"],
            world.Paths.Select(path => path.Path));
        foreach (var path in world.Paths)
        {
            output.WriteLine(path.ToString());
        }

        var toCloud = world.Timings["to cloud"];
        var toTablets = world.Timings["to every tablet"];
        output.WriteLine($"property 1 to cloud {toCloud.TotalSeconds:F3} s (seed: < 5 s); to every Greengrass {world.Timings["to every Greengrass"].TotalSeconds:F3} s; to every tablet {toTablets.TotalSeconds:F3} s (seed: < 15 s more)");

        // Greengrass pushes to the cloud in 15 s batches (the seed's own figure), which bounds the first leg;
        // the cloud streams changes out at once, so the second leg takes only network time.
        Assert.True(toCloud <= TimeSpan.FromSeconds(15.5), $"{toCloud}");
        Assert.True(toTablets - toCloud < TimeSpan.FromSeconds(1), $"{toTablets - toCloud}");
    }
}
