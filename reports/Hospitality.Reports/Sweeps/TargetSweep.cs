namespace Hospitality.Reports.Sweeps;

/// <summary>One target across runs: how often it passed, failed or was not measured, and the spread of what was measured.</summary>
public sealed record TargetSweep(string Id, string Description, string Expected, string Unit, int Passed, int Failed, int NotMeasured, Spread? Measured)
{
    public int Runs => Passed + Failed + NotMeasured;
}
