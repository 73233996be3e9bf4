namespace Hospitality.Reports.Sweeps;

/// <summary>
/// One target across runs: how often it passed, failed the run (an unexpected fail or pass), was not
/// measured, or failed as its scenario expects; and the spread of what was measured.
/// </summary>
public sealed record TargetSweep(string Id, string Description, string Expected, string Unit, int Passed, int Failed, int NotMeasured, int ExpectedFailures, Spread? Measured)
{
    public int Runs => Passed + Failed + NotMeasured + ExpectedFailures;
}
