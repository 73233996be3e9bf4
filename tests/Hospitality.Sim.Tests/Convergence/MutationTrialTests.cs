using Hospitality.Sim.Trials;

namespace Hospitality.Sim.Tests.Convergence;

/// <summary>
/// A few fixed trials of every profile: the convergence part of the mutation run (docs/convergence-checks.md),
/// small enough to run once per mutant. The property tests draw many more on every commit.
/// </summary>
public sealed class MutationTrialTests
{
    [Theory]
    [InlineData("default", 5UL)]
    [InlineData("dense", 2UL)]
    [InlineData("files", 1UL)]
    [InlineData("files", 5UL)]
    [InlineData("paging", 3UL)]
    public void A_fixed_trial_converges_and_breaks_no_invariant(string profile, ulong seed) =>
        TrialAssert.Passes(TrialPlanGenerator.Generate(seed, TrialLimits.Named(profile)));
}
