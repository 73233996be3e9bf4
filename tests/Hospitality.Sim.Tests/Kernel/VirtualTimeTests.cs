using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Tests.Kernel;

public sealed class VirtualTimeTests
{
    [Fact]
    public void Task_delay_on_the_clock_waits_virtual_time_only()
    {
        var simulation = new Simulation(1);
        SimTime? resumedAt = null;
        simulation.Spawn("sleeper", async () =>
        {
            await Task.Delay(TimeSpan.FromHours(3), simulation.Clock);
            resumedAt = simulation.Now;
        });

        var outcome = simulation.RunUntilQuiescent(SimTime.FromSeconds(24 * 3600));

        Assert.Equal(RunOutcome.Quiescent, outcome);
        Assert.Equal(SimTime.FromSeconds(3 * 3600), resumedAt);
    }

    [Fact]
    public void Periodic_timer_ticks_at_exact_virtual_instants()
    {
        var simulation = new Simulation(1);
        var ticks = new List<SimTime>();
        simulation.Spawn("ticker", async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), simulation.Clock);
            while (ticks.Count < 4 && await timer.WaitForNextTickAsync())
            {
                ticks.Add(simulation.Now);
            }
        });

        simulation.RunUntil(SimTime.FromSeconds(10));

        Assert.Equal([SimTime.FromMilliseconds(250), SimTime.FromMilliseconds(500), SimTime.FromMilliseconds(750), SimTime.FromMilliseconds(1000)], ticks);
    }

    [Fact]
    public void Cancel_after_cancels_at_the_virtual_deadline()
    {
        var simulation = new Simulation(1);
        SimTime? cancelledAt = null;
        simulation.Spawn("waiter", async () =>
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromDays(1), simulation.Clock);
            cancellation.CancelAfter(TimeSpan.FromSeconds(7));
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), simulation.Clock, cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                cancelledAt = simulation.Now;
            }
        });

        simulation.RunUntil(SimTime.FromSeconds(120));

        Assert.Equal(SimTime.FromSeconds(7), cancelledAt);
    }

    [Fact]
    public void Clock_reports_epoch_plus_virtual_time_and_tick_timestamps()
    {
        var epoch = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        var simulation = new Simulation(1, epoch);
        simulation.After(TimeSpan.FromMilliseconds(1.5), () => { });

        simulation.RunUntil(SimTime.FromSeconds(1));

        Assert.Equal(epoch.AddSeconds(1), simulation.Clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(1).Ticks, simulation.Clock.GetTimestamp());
        Assert.Equal(TimeSpan.FromSeconds(1), simulation.Clock.GetElapsedTime(0));
    }

    [Fact]
    public void Events_due_at_the_same_instant_fire_in_scheduling_order()
    {
        var simulation = new Simulation(1);
        var order = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var index = i;
            simulation.At(SimTime.FromSeconds(1), () => order.Add(index));
        }

        simulation.RunUntil(SimTime.FromSeconds(2));

        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public void Run_until_condition_stops_as_soon_as_it_holds()
    {
        var simulation = new Simulation(1);
        var count = 0;
        simulation.Spawn("counter", async () =>
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), simulation.Clock);
                count++;
            }
        });

        var outcome = simulation.RunUntil(() => count == 5, SimTime.FromSeconds(100));

        Assert.Equal(RunOutcome.ConditionMet, outcome);
        Assert.Equal(SimTime.FromSeconds(5), simulation.Now);
    }

    [Fact]
    public void Run_until_a_time_limit_leaves_the_clock_at_the_limit()
    {
        var simulation = new Simulation(1);
        simulation.At(SimTime.FromSeconds(50), () => { });

        var outcome = simulation.RunUntil(SimTime.FromSeconds(20));

        Assert.Equal(RunOutcome.TimeLimit, outcome);
        Assert.Equal(SimTime.FromSeconds(20), simulation.Now);
        Assert.Equal(1, simulation.PendingEvents);
    }

    [Fact]
    public void Continuations_run_on_the_kernel_thread_with_its_context()
    {
        var simulation = new Simulation(1);
        var threads = new HashSet<int>();
        var contexts = new List<SynchronizationContext?>();
        simulation.Spawn("hopper", async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(i + 1), simulation.Clock);
                await Task.Yield();
                threads.Add(Environment.CurrentManagedThreadId);
                contexts.Add(SynchronizationContext.Current);
            }
        });

        simulation.RunUntil(SimTime.FromSeconds(1));

        Assert.Equal([Environment.CurrentManagedThreadId], threads);
        Assert.All(contexts, context => Assert.Same(simulation.Context, context));
    }

    [Fact]
    public void A_skewed_host_clock_shifts_wall_time_but_not_timers_or_timestamps()
    {
        var simulation = new Simulation(1);
        var clock = new SkewedClock(simulation.Clock) { Offset = TimeSpan.FromMinutes(-10) };
        SimTime? woke = null;
        simulation.Spawn("sleeper", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), clock);
            woke = simulation.Now;
        });

        simulation.RunUntil(SimTime.FromSeconds(2));
        Assert.Equal(simulation.Clock.GetUtcNow() - TimeSpan.FromMinutes(10), clock.GetUtcNow());
        clock.Offset = TimeSpan.FromHours(-1); // jumps backwards mid-run
        simulation.RunUntil(SimTime.FromSeconds(10));

        Assert.Equal(SimTime.FromSeconds(5), woke);
        Assert.Equal(simulation.Clock.GetTimestamp(), clock.GetTimestamp());
        Assert.Equal(simulation.Clock.GetUtcNow() - TimeSpan.FromHours(1), clock.GetUtcNow());
    }

    [Fact]
    public void Run_until_a_condition_that_already_holds_does_not_move_the_clock()
    {
        var simulation = new Simulation(1);
        simulation.At(SimTime.FromSeconds(5), () => { });

        Assert.Equal(RunOutcome.ConditionMet, simulation.RunUntil(() => true, SimTime.FromSeconds(10)));
        Assert.Equal(SimTime.Zero, simulation.Now);
    }

    [Fact]
    public void A_timer_due_beyond_the_end_of_time_never_fires()
    {
        var simulation = new Simulation(1);
        var fired = false;
        simulation.RunUntil(SimTime.FromSeconds(1));
        using var timer = simulation.Clock.CreateTimer(_ => fired = true, null, TimeSpan.MaxValue, Timeout.InfiniteTimeSpan);

        simulation.RunUntil(SimTime.FromSeconds(100));

        Assert.False(fired);
    }

    [Fact]
    public void Async_work_started_by_a_scheduled_action_stays_on_the_kernel()
    {
        var simulation = new Simulation(1);
        var network = new Hospitality.Sim.Network.VirtualNetwork(simulation);
        var segment = network.AddSegment("lan", Hospitality.Sim.Network.SegmentKind.Building, Hospitality.Sim.Network.LinkProfiles.Broadband);
        var a = network.AddHost("a", segment, Hospitality.Sim.Network.LinkProfiles.Lan);
        var b = network.AddHost("b", segment, Hospitality.Sim.Network.LinkProfiles.Lan);
        SimTime? heard = null;
        simulation.At(SimTime.FromSeconds(1), async () =>
        {
            // The socket completes its receive asynchronously: this must come back through the kernel.
            var socket = await b.Network.BindDatagramAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Any, 9000));
            await socket.ReceiveAsync();
            heard = simulation.Now;
        });
        simulation.At(SimTime.FromSeconds(2), async () =>
        {
            var socket = await a.Network.BindDatagramAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Any, 0));
            await socket.SendAsync(new byte[10], new System.Net.IPEndPoint(b.Address!, 9000));
        });

        simulation.RunUntil(SimTime.FromSeconds(3));

        Assert.NotNull(heard);
        Assert.InRange(heard.Value.TotalSeconds, 2.0001, 2.01);
    }

    [Fact]
    public void Tasks_started_on_the_simulation_run_on_the_kernel_in_order()
    {
        var simulation = new Simulation(1);
        var order = new List<(int Step, SimTime At, int Thread)>();
        simulation.At(SimTime.FromSeconds(2), () =>
        {
            simulation.Tasks.StartNew(() => order.Add((1, simulation.Now, Environment.CurrentManagedThreadId)));
            simulation.Tasks.StartNew(() => order.Add((2, simulation.Now, Environment.CurrentManagedThreadId)));
        });

        simulation.RunUntil(SimTime.FromSeconds(3));

        Assert.Equal([1, 2], order.Select(entry => entry.Step));
        Assert.All(order, entry => Assert.Equal((SimTime.FromSeconds(2), Environment.CurrentManagedThreadId), (entry.At, entry.Thread)));
    }
}
