using Hospitality.Sim.Trials;

namespace Hospitality.Sim.Tests.Convergence;

/// <summary>Seeds that once found a bug, run on every commit so it stays fixed.</summary>
public sealed class RegressionSeedTests
{
    [Theory]
    [InlineData(9UL)] // a server woke its streams from a list a woken stream removed itself from
    [InlineData(13UL)] // a crash left tablets on half-open live sessions forever (no idle heartbeat)
    [InlineData(16UL)]
    [InlineData(20UL)]
    [InlineData(22UL)] // a stream dropped by the server was never noticed by its idle client
    [InlineData(27UL)]
    [InlineData(29UL)]
    [InlineData(36UL)]
    [InlineData(39UL)]
    public void Regression_seed_converges(ulong seed) => TrialAssert.Passes(TrialPlanGenerator.Generate(seed));

    [Theory]
    [InlineData(2087712944UL, "files")] // a power loss's heal restarted a node another fault had restarted and crashed again: booted twice
    public void Regression_seed_of_a_profile_converges(ulong seed, string profile) => TrialAssert.Passes(TrialPlanGenerator.Generate(seed, TrialLimits.Named(profile)));
}
