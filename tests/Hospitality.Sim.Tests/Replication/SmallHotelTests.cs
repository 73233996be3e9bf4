using Hospitality.Sim.Figures;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>Use case 1: a small hotel with no Greengrass; its few devices sync through the cloud (P2P comes with the WebRTC stack).</summary>
public sealed class SmallHotelTests(ITestOutputHelper output)
{
    [Fact]
    public void Three_devices_without_greengrass_sync_through_the_cloud_and_converge()
    {
        var world = UseCaseWorlds.SmallHotel();
        foreach (var path in world.Paths)
        {
            output.WriteLine(path.ToString());
        }

        Assert.Equal(0, world.Divergences);
        Assert.Equal(["device→cloud", "device→device"], world.Paths.Select(path => path.Path).Order(StringComparer.Ordinal));
        Assert.Equal(world.Writes * 2, world.Path("device→device").Deliveries);
    }
}
