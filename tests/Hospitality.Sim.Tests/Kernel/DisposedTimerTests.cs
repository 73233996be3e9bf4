using System.Runtime.CompilerServices;
using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Tests.Kernel;

public sealed class DisposedTimerTests
{
    [Fact]
    public void A_disposed_timer_leaves_the_queue_and_keeps_nothing_of_its_state_alive()
    {
        // Task.WaitAsync(timeout, TimeProvider) disposes its timer once the task completes; the timer's
        // state is the completed promise with its result (a pull page, for a device's request).
        var simulation = new Simulation(1);
        var state = StartAndDispose(simulation);

        Assert.Equal(0, simulation.PendingEvents);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(state.IsAlive);
        Assert.Equal(0, simulation.PendingEvents);
    }

    [Fact]
    public void A_disposed_timer_never_fires()
    {
        var simulation = new Simulation(1);
        var fired = 0;
        var timer = simulation.Clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(15), Timeout.InfiniteTimeSpan);
        simulation.RunUntil(SimTime.FromSeconds(1));
        timer.Dispose();

        simulation.RunUntil(SimTime.FromSeconds(30));

        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
    }

    // Not inlined, so no local of the test method keeps the state alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference StartAndDispose(Simulation simulation)
    {
        var state = new byte[1 << 20];
        var timer = simulation.Clock.CreateTimer(static _ => { }, state, TimeSpan.FromSeconds(15), Timeout.InfiniteTimeSpan);
        timer.Dispose();
        return new WeakReference(state);
    }
}
