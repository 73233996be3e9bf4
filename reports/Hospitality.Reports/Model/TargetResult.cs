namespace Hospitality.Reports.Model;

/// <summary>One documented target of the seed guide beside what this run measured.</summary>
/// <param name="Id">Stable id from targets.yaml, e.g. "latency.greengrass-lan".</param>
/// <param name="Source">The seed guide's table and row it comes from.</param>
/// <param name="Expected">The target as documented, e.g. "< 50 ms" or "~50 MB/day".</param>
/// <param name="Limit">The number the measurement is compared with, in <paramref name="Unit"/>.</param>
public sealed record TargetResult(string Id, string Source, string Description, string Expected, double Limit, double? Measured, string Unit, TargetVerdict Verdict);

public enum TargetVerdict
{
    Pass,
    Fail,
    NotMeasured,
}
