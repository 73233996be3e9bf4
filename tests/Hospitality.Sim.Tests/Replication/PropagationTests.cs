using Hospitality.Sim.Figures;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

public sealed class PropagationTests(ITestOutputHelper output)
{
    /// <summary>
    /// The seed's use case 2 on LAN links: a room update on one of ten tablets must be visible on
    /// every other tablet within the documented 50 ms (Greengrass, single document update).
    /// Latency is measured per write per replica, in virtual time, by the world's probe.
    /// </summary>
    [Fact]
    public void Medium_hotel_device_to_device_propagation_on_lan_meets_the_documented_50_ms()
    {
        var world = UseCaseWorlds.MediumHotel();
        foreach (var path in world.Paths)
        {
            output.WriteLine(path.ToString());
        }

        var deviceToDevice = world.Path("device→device");
        Assert.Equal(100 * 9, deviceToDevice.Deliveries);
        Assert.True(deviceToDevice.P99 < 50, deviceToDevice.ToString());
    }
}
