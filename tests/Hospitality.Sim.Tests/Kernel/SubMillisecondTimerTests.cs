using Hospitality.Sim.Kernel;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Kernel;

public sealed class SubMillisecondTimerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4_000)]
    [InlineData(15_000)]
    public void A_delay_on_the_simulated_clock_waits_its_exact_ticks(long ticks)
    {
        var simulation = new Simulation(1);
        SimTime? resumedAt = null;
        simulation.Spawn("sleeper", async () =>
        {
            await simulation.Clock.Delay(TimeSpan.FromTicks(ticks));
            resumedAt = simulation.Now;
        });

        simulation.RunUntilQuiescent(SimTime.FromSeconds(1));

        Assert.Equal(ticks, resumedAt?.Ticks);
    }

    [Fact]
    public void A_cancelled_delay_ends_cancelled_at_the_moment_of_cancellation()
    {
        var simulation = new Simulation(1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromTicks(3_000), simulation.Clock);
        Task? delay = null;
        SimTime? resumedAt = null;
        simulation.Spawn("sleeper", async () =>
        {
            delay = simulation.Clock.Delay(TimeSpan.FromSeconds(5), cancel.Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delay);
            resumedAt = simulation.Now;
        });

        simulation.RunUntilQuiescent(SimTime.FromSeconds(10));

        Assert.True(delay!.IsCanceled);
        Assert.Equal(3_000, resumedAt?.Ticks);
    }

    [Fact]
    public void A_periodic_timer_refuses_a_period_below_a_millisecond_and_keeps_the_fraction_of_longer_ones()
    {
        var simulation = new Simulation(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeriodicTimer(TimeSpan.FromTicks(5_000), simulation.Clock));
        var ticks = new List<long>();
        simulation.Spawn("ticker", async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromTicks(15_000), simulation.Clock);
            while (ticks.Count < 3 && await timer.WaitForNextTickAsync())
            {
                ticks.Add(simulation.Now.Ticks);
            }
        });

        simulation.RunUntil(SimTime.FromSeconds(1));

        Assert.Equal([15_000L, 30_000L, 45_000L], ticks);
    }
}
