using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Tests.Kernel;

public sealed class FailureTests
{
    [Fact]
    public void An_exception_in_simulated_code_fails_the_run_with_seed_and_time()
    {
        var simulation = new Simulation(4242);
        simulation.Spawn("faulty", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), simulation.Clock);
            throw new InvalidOperationException("boom");
        });

        var failure = Assert.Throws<SimulationFailedException>(() => simulation.RunUntil(SimTime.FromSeconds(10)));

        Assert.Equal(4242UL, failure.Seed);
        Assert.Equal(SimTime.FromSeconds(3), failure.Time);
        Assert.Contains("seed 4242", failure.Message);
        Assert.Contains("t=3.0000000s", failure.Message);
        Assert.Contains("boom", failure.Message);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }

    [Fact]
    public void An_exception_in_an_event_fails_the_run()
    {
        var simulation = new Simulation(7);
        simulation.At(SimTime.FromMilliseconds(1500), () => throw new ArgumentException("bad event"));

        var failure = Assert.Throws<SimulationFailedException>(() => simulation.RunUntil(SimTime.FromSeconds(10)));

        Assert.Equal(SimTime.FromMilliseconds(1500), failure.Time);
        Assert.Contains("bad event", failure.Message);
    }

    [Fact]
    public void A_continuation_posted_from_another_thread_is_an_escape_that_fails_the_run()
    {
        var simulation = new Simulation(99);
        simulation.At(SimTime.FromSeconds(2), () =>
        {
            // A library hops to the thread pool and posts its continuation back, as ConfigureAwait(false) code does.
            var context = simulation.Context;
            var posted = new ManualResetEventSlim();
            ThreadPool.QueueUserWorkItem(_ =>
            {
                try
                {
                    context.Post(_ => { }, null);
                }
                catch (InvalidOperationException)
                {
                }

                posted.Set();
            });
            posted.Wait();
        });

        var failure = Assert.Throws<SimulationFailedException>(() => simulation.RunUntil(SimTime.FromSeconds(10)));

        Assert.Equal(99UL, failure.Seed);
        Assert.Equal(SimTime.FromSeconds(2), failure.Time);
        Assert.Contains("escaped", failure.Message);
    }

    [Fact]
    public void A_timer_created_from_another_thread_is_an_escape()
    {
        var simulation = new Simulation(5);
        simulation.At(SimTime.FromSeconds(1), () =>
        {
            var thread = new Thread(() =>
            {
                try
                {
                    _ = Task.Delay(TimeSpan.FromSeconds(1), simulation.Clock);
                }
                catch (InvalidOperationException)
                {
                }
            });
            thread.Start();
            thread.Join();
        });

        var failure = Assert.Throws<SimulationFailedException>(() => simulation.RunUntil(SimTime.FromSeconds(10)));

        Assert.Contains("escaped", failure.Message);
    }

    [Fact]
    public void An_await_on_the_thread_pool_that_returns_after_the_run_fails_the_next_run()
    {
        var simulation = new Simulation(31);
        simulation.Spawn("leaky", async () =>
        {
            // The continuation comes back from a pool thread after the kernel went idle.
            await Task.Run(() => Thread.Sleep(20));
        });
        simulation.RunUntil(SimTime.FromSeconds(1));

        Assert.True(SpinWait.SpinUntil(() => simulation.HasEscaped, TimeSpan.FromSeconds(10)));
        var failure = Assert.Throws<SimulationFailedException>(() => simulation.RunUntil(SimTime.FromSeconds(2)));

        Assert.Equal(31UL, failure.Seed);
        Assert.Contains("escaped", failure.Message);
    }

    [Fact]
    public void Invariants_hold_in_release_builds_too()
    {
        var violation = Assert.Throws<InvariantViolationException>(() => Invariant.Holds(1 + 1 == 3, "arithmetic"));

        Assert.Contains("arithmetic", violation.Message);
        Assert.Contains("1 + 1 == 3", violation.Message);
    }

    [Fact]
    public void A_cancelled_process_ends_without_failing_the_run()
    {
        var simulation = new Simulation(1);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1), simulation.Clock);
        var process = simulation.Spawn("stoppable", () => Task.Delay(Timeout.InfiniteTimeSpan, simulation.Clock, stop.Token));

        simulation.RunUntil(SimTime.FromSeconds(5));

        Assert.True(process.IsCanceled);
    }
}
