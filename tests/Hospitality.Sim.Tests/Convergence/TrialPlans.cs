using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sim.Trials;

namespace Hospitality.Sim.Tests.Convergence;

/// <summary>Generated trial plans: FsCheck draws the seed, the plan follows from it, and failures shrink with <see cref="TrialShrinker"/>.</summary>
internal static class TrialPlans
{
    public static Arbitrary<TrialPlan> Within(TrialLimits limits) =>
        Arb.From(Gen.Choose(1, int.MaxValue).Select(seed => TrialPlanGenerator.Generate((ulong)seed, limits)), TrialShrinker.Shrink);
}
