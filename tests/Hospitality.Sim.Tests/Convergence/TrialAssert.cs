using Hospitality.Sim.Trials;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Tests.Convergence;

/// <summary>Runs a trial and fails with everything needed to replay it: the verdict, the seed and a one-line command.</summary>
internal static class TrialAssert
{
    public static TrialResult Passes(TrialPlan plan, EngineOverrides? overrides = null)
    {
        var result = Trial.Run(plan, overrides);
        if (!result.Passed)
        {
            throw new TrialFailedException(result, Save(plan));
        }

        // About one seed in twenty runs twice: the same plan must give the same trace.
        if (plan.Seed % 20 == 0 && Trial.Run(plan, overrides).TraceHash != result.TraceHash)
        {
            throw new TrialFailedException(result with { Violations = ["determinism: a second run of the same plan gave another trace hash"] }, Save(plan));
        }

        return result;
    }

    private static string Save(TrialPlan plan)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hsim-failed-trials");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"trial-{plan.Seed}-{plan.Devices}d-{plan.Writes.Count}w-{plan.Faults.Count}f.json");
        File.WriteAllText(path, plan.ToJson());
        return path;
    }
}
