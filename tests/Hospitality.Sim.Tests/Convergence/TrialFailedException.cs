using Hospitality.Sim.Trials;

namespace Hospitality.Sim.Tests.Convergence;

public sealed class TrialFailedException(TrialResult result, string savedPlan) : Exception(
    $"""
    {result.Plan.Describe()}
    {result.Verdict()}
    replay this plan: dotnet run --project simulator/Hospitality.Sim.Cli -c Release -- repro {savedPlan}
    or the unshrunk seed: dotnet run --project simulator/Hospitality.Sim.Cli -c Release -- check --seeds {result.Plan.Seed} {result.Plan.Limits.Arguments}
    """)
{
    public TrialResult Result { get; } = result;
}
