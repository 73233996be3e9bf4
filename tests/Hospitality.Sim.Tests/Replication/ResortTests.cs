using Hospitality.Sim.Figures;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>Use case 4: a resort of 3 x 167 devices on three network segments, a Greengrass on each, and the cloud.</summary>
public sealed class ResortTests(ITestOutputHelper output)
{
    [Fact]
    public void Five_hundred_devices_on_three_segments_converge()
    {
        var world = UseCaseWorlds.Resort();
        output.WriteLine($"{world.Writes} writes, {world.Events:N0} events, {world.Divergences} divergences");
        foreach (var path in world.Paths)
        {
            output.WriteLine(path.ToString());
        }

        // A version superseded before it reached a replica is never stored there, so deliveries < writes x replicas.
        Assert.Contains(world.Paths, path => path.Path == "device→device, other property" && path.Deliveries > 0);
        Assert.Equal(0, world.Divergences);
    }
}
