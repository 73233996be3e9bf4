using HdrHistogram;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Metrics;
using Hospitality.Sim.Network;
using Hospitality.Sim.Servers;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Tests.Metrics;

/// <summary>A delivery through the servers is cut into hops at each server's store; the hops add up to the path's latency.</summary>
public sealed class HopTimingsTests
{
    [Fact]
    public void A_greengrass_whose_fan_out_keeps_its_processor_busy_shows_in_its_processor_waits_and_in_the_greengrass_to_device_hop()
    {
        // Each live fan-out costs the Greengrass 5 ms: a write's three readers are served 5, 10 and 15 ms after it stored it.
        var times = new ServiceTimes { LiveFanOut = new WorkCost(TimeSpan.FromMilliseconds(5), TimeSpan.Zero) };
        using var world = new HotelChainWorld([new PropertyPlan(true, Enumerable.Repeat(LinkProfiles.Lan, 4).ToList())], seed: 5, serviceTimes: times);
        var deliveries = Observe(world);
        WriteEverySecond(world, world.Tablets[0], count: 20);

        world.Run(60);

        var fanOut = world.Network.Queues.Stage(QueueKind.Processor, "greengrass, live fan-out");
        Assert.InRange(fanOut.Wait.GetMaxValue(), 0.99 * 10 * TimeSpan.TicksPerMillisecond, 1.01 * 10 * TimeSpan.TicksPerMillisecond);
        Assert.InRange(fanOut.Service!.GetValueAtPercentile(50), 0.99 * 5 * TimeSpan.TicksPerMillisecond, 1.01 * 5 * TimeSpan.TicksPerMillisecond);

        var hops = world.Propagation.Hops(DeliveryPhase.Normal).Where(hop => hop.Path == PropagationProbe.SameProperty).ToList();
        Assert.Equal([HopKind.DeviceToGreengrass, HopKind.GreengrassToDevice], hops.Select(hop => hop.Hop));
        Assert.All(hops, hop => Assert.Equal(60, hop.Deliveries)); // 20 writes, 3 readers each
        var (up, down) = (hops[0], hops[1]);
        Assert.True(up.Max < 5, $"the way up took up to {up.Max} ms: it should not wait for the fan-out");
        Assert.InRange(down.P50, 10, 15);
        Assert.InRange(down.Max, 15, 25);
        Assert.True(down.ShareOfP99Tail > 0.75, $"the way down took {down.ShareOfP99Tail:P0} of the slowest deliveries' time");
        Assert.Equal(1, up.ShareOfP99Tail + down.ShareOfP99Tail, precision: 9);

        var deviceToDevice = deliveries.Where(delivery => delivery.Path == PropagationProbe.SameProperty).ToList();
        Assert.Equal(60, deviceToDevice.Count);
        Assert.All(deviceToDevice, delivery =>
        {
            Assert.Equal([HopKind.DeviceToGreengrass, HopKind.GreengrassToDevice], delivery.Hops.Select(hop => hop.Hop));
            Assert.Equal(delivery.TotalTicks, delivery.Hops.Sum(hop => hop.Ticks));
        });
        Assert.Equal(20, deliveries.Count(delivery => delivery.Path == "device→cloud" && delivery.Hops.Select(hop => hop.Hop).SequenceEqual([HopKind.DeviceToGreengrass, HopKind.GreengrassToCloud])));
    }

    [Fact]
    public void Without_a_greengrass_a_write_between_devices_is_cut_at_the_cloud_and_its_hops_add_up_to_its_latency()
    {
        using var world = new HotelChainWorld([new PropertyPlan(false, Enumerable.Repeat(LinkProfiles.Wifi, 3).ToList())], seed: 7);
        var deliveries = Observe(world);
        WriteEverySecond(world, world.Tablets[1], count: 10);

        world.Run(60);

        var deviceToDevice = deliveries.Where(delivery => delivery.Path == PropagationProbe.SameProperty).ToList();
        Assert.Equal(20, deviceToDevice.Count);
        Assert.All(deviceToDevice, delivery =>
        {
            Assert.Equal([HopKind.DeviceToCloud, HopKind.CloudToDevice], delivery.Hops.Select(hop => hop.Hop));
            Assert.Equal(delivery.TotalTicks, delivery.Hops.Sum(hop => hop.Ticks));
            Assert.All(delivery.Hops, hop => Assert.True(hop.Ticks > 10 * TimeSpan.TicksPerMillisecond, $"a hop through the broadband line took {hop.Ticks} ticks"));
        });
        var histogram = world.Propagation.Histogram(PropagationProbe.SameProperty, DeliveryPhase.Normal)!;
        Assert.Equal(histogram.TotalCount, world.Propagation.Hops(DeliveryPhase.Normal).Single(hop => hop.Path == PropagationProbe.SameProperty && hop.Hop == HopKind.CloudToDevice).Deliveries);
    }

    private static List<(string Path, long TotalTicks, List<(HopKind Hop, long Ticks)> Hops)> Observe(HotelChainWorld world)
    {
        var deliveries = new List<(string Path, long TotalTicks, List<(HopKind Hop, long Ticks)> Hops)>();
        world.Propagation.HopsObserved += (path, total, hops) => deliveries.Add((path, total, hops.ToArray().ToList()));
        return deliveries;
    }

    // After half a minute of start-up (mDNS, the initial sync), one room write a second.
    private static void WriteEverySecond(HotelChainWorld world, Tablet writer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var room = 100 + i;
            world.Simulation.At(SimTime.FromSeconds(30 + i), () => writer.Replica.Write("rooms", $"room-{room}", $$"""{"id":"room-{{room}}","number":"{{room}}","floor":1,"type":"deluxe","status":"clean"}"""));
        }
    }
}
