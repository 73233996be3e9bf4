using Hospitality.Sim.Figures;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
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

        // An idle Greengrass pushes to the cloud at once (adaptive batching), well inside the seed's "reaches
        // the cloud in under 5 s"; the cloud streams changes out at once, so the second leg is network time only.
        Assert.True(toCloud < TimeSpan.FromSeconds(1), $"{toCloud}");
        Assert.True(toTablets - toCloud < TimeSpan.FromSeconds(1), $"{toTablets - toCloud}");
    }

    /// <summary>
    /// A burst of 300 writes in 3 s at one property: the Greengrass coalesces them into far fewer pushes
    /// (while one is in flight and once its burst of tokens is spent), and still no write waits at the
    /// Greengrass longer than the pacing ceiling plus a round trip to the cloud.
    /// </summary>
    [Fact]
    public void A_burst_of_writes_coalesces_into_few_pushes_none_held_past_the_ceiling()
    {
        using var world = new HotelChainWorld(tablets: 2, seed: 11, properties: 2);
        world.Run(20);
        var writer = world.Properties[0].Tablets[0];
        var atGreengrass = new Dictionary<string, SimTime>(StringComparer.Ordinal);
        var atCloud = new Dictionary<string, SimTime>(StringComparer.Ordinal);
        world.Properties[0].GreengrassNode!.Stored += (_, changes) => changes.ToList().ForEach(change => atGreengrass.TryAdd(change.Document.Id, world.Simulation.Now));
        world.CloudNode.Stored += (_, changes) => changes.ToList().ForEach(change => atCloud.TryAdd(change.Document.Id, world.Simulation.Now));
        var pushesBefore = world.CloudNode.Processor.Work(NodeWorkKind.PushBatch, 1);
        for (var i = 0; i < 300; i++)
        {
            var room = i;
            world.Simulation.At(world.Simulation.Now + TimeSpan.FromMilliseconds(10 * i), () =>
                writer.Replica.Write("rooms", $"room-{room}", $$"""{"id":"room-{{room}}","number":"{{room}}","floor":1,"type":"double","status":"clean"}"""));
        }

        world.Run(30);
        var pushes = world.CloudNode.Processor.Work(NodeWorkKind.PushBatch, 1) - pushesBefore;
        var held = atCloud.Select(each => each.Value - atGreengrass[each.Key]).Max();
        output.WriteLine($"300 writes in 3 s: {pushes} pushes to the cloud; longest at the Greengrass {held.TotalMilliseconds:F1} ms");
        Assert.Equal(300, atCloud.Count);
        Assert.InRange(pushes, 2, 300 / 10);
        Assert.True(held < new PushPacing().Ceiling + TimeSpan.FromMilliseconds(500), $"{held}");
    }
}
