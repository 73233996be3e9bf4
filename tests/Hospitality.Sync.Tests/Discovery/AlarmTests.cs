using Hospitality.Sim.Kernel;
using Hospitality.Sync.Discovery;

namespace Hospitality.Sync.Tests.Discovery;

/// <summary>The querier's and detector's sleep: until its deadline or a wake-up, whichever comes first, on virtual time.</summary>
public sealed class AlarmTests
{
    [Fact]
    public void A_wait_ends_at_its_deadline_or_earlier_when_woken()
    {
        var simulation = new Simulation(1);
        var alarm = new Alarm(simulation.Clock);
        var ended = new List<double>();
        simulation.Spawn("sleeper", async () =>
        {
            await alarm.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            ended.Add(simulation.Now.TotalSeconds);
            await alarm.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            ended.Add(simulation.Now.TotalSeconds);
        });
        simulation.At(SimTime.FromSeconds(7), alarm.Wake);

        simulation.RunUntil(SimTime.FromSeconds(20));

        Assert.Equal([5.0, 7.0], ended);
    }

    [Fact]
    public void A_wake_before_the_wait_ends_it_at_once_and_only_once_unless_cleared()
    {
        var simulation = new Simulation(1);
        var alarm = new Alarm(simulation.Clock);
        var ended = new List<double>();
        alarm.Wake();
        alarm.Wake();
        simulation.Spawn("sleeper", async () =>
        {
            await alarm.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            ended.Add(simulation.Now.TotalSeconds);
            await alarm.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            ended.Add(simulation.Now.TotalSeconds);
            alarm.Wake();
            alarm.Clear();
            await alarm.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
            ended.Add(simulation.Now.TotalSeconds);
        });

        simulation.RunUntil(SimTime.FromSeconds(20));

        Assert.Equal([0.0, 5.0, 6.0], ended);
    }

    [Fact]
    public void A_cancelled_wait_throws_and_the_next_wait_sleeps_its_full_time()
    {
        var simulation = new Simulation(1);
        var alarm = new Alarm(simulation.Clock);
        using var cancel = new CancellationTokenSource();
        var outcome = new List<string>();
        simulation.Spawn("sleeper", async () =>
        {
            try
            {
                await alarm.WaitAsync(null, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                outcome.Add($"cancelled at {simulation.Now.TotalSeconds}");
            }

            await alarm.WaitAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
            outcome.Add($"slept to {simulation.Now.TotalSeconds}");
        });
        simulation.At(SimTime.FromSeconds(2), cancel.Cancel);

        simulation.RunUntil(SimTime.FromSeconds(20));

        Assert.Equal(["cancelled at 2", "slept to 5"], outcome);
    }
}
