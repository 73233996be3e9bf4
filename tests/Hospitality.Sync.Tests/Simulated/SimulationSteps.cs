using System.Runtime.ExceptionServices;
using Hospitality.Sim.Kernel;

namespace Hospitality.Sync.Tests.Simulated;

/// <summary>
/// Runs one asynchronous test step as a task of the simulation, in virtual time, and hands back its
/// result or rethrows its exception: engine code awaits only on the simulation's run queue.
/// </summary>
public static class SimulationSteps
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(60);

    public static T RunStep<T>(this Simulation simulation, Func<Task<T>> body)
    {
        T? result = default;
        Exception? failure = null;
        var done = false;
        simulation.Spawn("test-step", async () =>
        {
            try
            {
                result = await body();
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            done = true;
        });
        simulation.RunUntil(() => done, simulation.Now + StepLimit);
        Assert.True(done, $"the step did not finish within {StepLimit.TotalSeconds} virtual seconds");
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return result!;
    }

    public static void RunStep(this Simulation simulation, Func<Task> body) => simulation.RunStep(async () =>
    {
        await body();
        return true;
    });
}
