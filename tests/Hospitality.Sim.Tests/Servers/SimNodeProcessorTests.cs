using HdrHistogram;
using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Servers;

/// <summary>A simulated server's processor: service time per kind of work, first come first served, counted per property.</summary>
public sealed class SimNodeProcessorTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("10.1.0.5"), 40000);

    private static readonly ServiceTimes Times = new()
    {
        PushBatch = new WorkCost(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(0.5)),
        LiveFanOut = new WorkCost(TimeSpan.FromMilliseconds(2), TimeSpan.Zero),
    };

    [Fact]
    public void Work_that_arrives_while_the_processor_is_busy_waits_for_the_work_ahead_of_it()
    {
        var simulation = new Simulation(1);
        var processor = new SimNodeProcessor(simulation, Times, _ => 3);
        var done = new List<(string What, SimTime At)>();
        simulation.Spawn("server", async () =>
        {
            var push = processor.RunAsync(new NodeWork(NodeWorkKind.PushBatch, 10, Client), default).AsTask(); // 1 + 10 x 0.5 = 6 ms
            var fanOut = processor.RunAsync(new NodeWork(NodeWorkKind.LiveFanOut, 1, Client), default).AsTask(); // 2 ms, after the push
            await push;
            done.Add(("push", simulation.Now));
            await fanOut;
            done.Add(("fan-out", simulation.Now));
        });
        simulation.RunUntil(SimTime.FromSeconds(1));

        Assert.Equal([("push", SimTime.FromMilliseconds(6)), ("fan-out", SimTime.FromMilliseconds(8))], done);
        Assert.Equal(TimeSpan.FromMilliseconds(8), processor.Busy);
        Assert.InRange(processor.QueueWait.GetMaxValue(), 5_950, 6_050); // the fan-out waited 6 ms behind the push (2 significant digits)
        Assert.Equal((1, 1, 1, 0), (processor.Work(NodeWorkKind.PushBatch), processor.Work(NodeWorkKind.PushBatch, 3), processor.Work(NodeWorkKind.LiveFanOut, 3), processor.Work(NodeWorkKind.LiveFanOut, 4)));
    }

    [Fact]
    public void Work_on_an_idle_processor_takes_only_its_service_time_and_zero_costs_no_event()
    {
        var simulation = new Simulation(1);
        var processor = new SimNodeProcessor(simulation, Times with { Slowdown = 0 }, _ => 0);
        var completed = processor.RunAsync(new NodeWork(NodeWorkKind.PushBatch, 50, Client), default);
        Assert.True(completed.IsCompleted);
        Assert.Equal(0, simulation.PendingEvents);
    }

    [Fact]
    public void The_calibrated_defaults_put_a_50_document_push_near_its_benchmarked_decode_and_merge()
    {
        var times = new ServiceTimes();
        var perDocuments = times.Of(NodeWorkKind.PushBatch, 50) - times.Of(NodeWorkKind.PushBatch, 0);
        Assert.InRange(perDocuments.TotalMicroseconds, 50 * (3 + 7.1), 50 * (7 + 8.8) + 20);
    }

    [Fact]
    public void The_calibrated_defaults_put_a_writes_hops_within_the_node_time_measured_live()
    {
        // docs/network-model.md, "Node service time": the LAN device's hops of runs 17-21 (1.91-2.21 ms up to the
        // Greengrass, 1.25-1.75 ms down) less the link and relay's 0.3 ms.
        var times = new ServiceTimes();
        var up = times.Of(NodeWorkKind.PushOutbox, 1) + times.Of(NodeWorkKind.PushBatch, 1);
        var down = times.Of(NodeWorkKind.LiveFanOut, 1) + times.Of(NodeWorkKind.ApplyChanges, 1);
        Assert.InRange(up.TotalMilliseconds, 1.6, 1.9);
        Assert.InRange(down.TotalMilliseconds, 0.95, 1.45);
    }
}

/// <summary>Every node of a hotel world has a processor of its own, and a write's hops take their service times on them.</summary>
public sealed class NodeProcessorsInTheWorldTests
{
    [Fact]
    public void A_devices_pushes_and_merges_take_their_time_on_its_own_processor_and_show_in_the_writes_latency()
    {
        var times = new ServiceTimes();
        using var world = new Hospitality.Sim.World.HotelChainWorld(tablets: 3, seed: 5);
        world.Run(10);
        for (var i = 0; i < 20; i++)
        {
            var room = 100 + i;
            world.Simulation.At(SimTime.FromSeconds(10 + i), () => world.Tablets[0].Replica.Write("rooms", $"room-{room}", $$"""{"id":"room-{{room}}","number":"{{room}}","floor":1,"type":"deluxe","status":"clean"}"""));
        }

        world.Run(40);

        var writer = world.Tablets[0].Processor;
        Assert.Equal(20, writer.Work(NodeWorkKind.PushOutbox));
        Assert.All(world.Tablets.Skip(1), tablet => Assert.True(tablet.Processor.Work(NodeWorkKind.ApplyChanges) >= 20, $"{tablet.Name} merged {tablet.Processor.Work(NodeWorkKind.ApplyChanges)} pages"));
        Assert.Equal(0, world.Tablets[1].Processor.Work(NodeWorkKind.PushBatch)); // a device serves nobody

        // Up: the writer's push, then the Greengrass's merge; down: its fan-out, then the reader's merge.
        var fastest = times.Of(NodeWorkKind.PushOutbox, 1) + times.Of(NodeWorkKind.PushBatch, 1) + times.Of(NodeWorkKind.LiveFanOut, 1) + times.Of(NodeWorkKind.ApplyChanges, 1);
        var deviceToDevice = world.Propagation.Histogram(Hospitality.Sim.Metrics.PropagationProbe.SameProperty)!;
        Assert.Equal(40, deviceToDevice.TotalCount);
        Assert.True(deviceToDevice.GetValueAtPercentile(0) >= fastest.TotalMicroseconds, $"the fastest delivery took {deviceToDevice.GetValueAtPercentile(0)} us, under the {fastest.TotalMicroseconds} us of node time on its way");
    }
}
