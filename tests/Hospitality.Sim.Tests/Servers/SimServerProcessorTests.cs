using HdrHistogram;
using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Servers;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Servers;

/// <summary>A simulated server's processor: service time per kind of work, first come first served, counted per property.</summary>
public sealed class SimServerProcessorTests
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
        var processor = new SimServerProcessor(simulation, Times, _ => 3);
        var done = new List<(string What, SimTime At)>();
        simulation.Spawn("server", async () =>
        {
            var push = processor.RunAsync(new ServerWork(ServerWorkKind.PushBatch, 10, Client), default).AsTask(); // 1 + 10 x 0.5 = 6 ms
            var fanOut = processor.RunAsync(new ServerWork(ServerWorkKind.LiveFanOut, 1, Client), default).AsTask(); // 2 ms, after the push
            await push;
            done.Add(("push", simulation.Now));
            await fanOut;
            done.Add(("fan-out", simulation.Now));
        });
        simulation.RunUntil(SimTime.FromSeconds(1));

        Assert.Equal([("push", SimTime.FromMilliseconds(6)), ("fan-out", SimTime.FromMilliseconds(8))], done);
        Assert.Equal(TimeSpan.FromMilliseconds(8), processor.Busy);
        Assert.InRange(processor.QueueWait.GetMaxValue(), 5_950, 6_050); // the fan-out waited 6 ms behind the push (2 significant digits)
        Assert.Equal((1, 1, 1, 0), (processor.Work(ServerWorkKind.PushBatch), processor.Work(ServerWorkKind.PushBatch, 3), processor.Work(ServerWorkKind.LiveFanOut, 3), processor.Work(ServerWorkKind.LiveFanOut, 4)));
    }

    [Fact]
    public void Work_on_an_idle_processor_takes_only_its_service_time_and_zero_costs_no_event()
    {
        var simulation = new Simulation(1);
        var processor = new SimServerProcessor(simulation, Times with { Slowdown = 0 }, _ => 0);
        var completed = processor.RunAsync(new ServerWork(ServerWorkKind.PushBatch, 50, Client), default);
        Assert.True(completed.IsCompleted);
        Assert.Equal(0, simulation.PendingEvents);
    }

    [Fact]
    public void The_calibrated_defaults_put_a_50_document_push_near_its_benchmarked_decode_and_merge()
    {
        var push = new ServiceTimes().Of(ServerWorkKind.PushBatch, 50);
        Assert.InRange(push.TotalMicroseconds, 50 * (3 + 7.1), 50 * (7 + 8.8) + 20);
    }
}
