using System.Text.Json.Serialization;

namespace Hospitality.Reports.Model;

/// <summary>One documented target of the seed guide beside what this run measured.</summary>
/// <param name="Id">Stable id from targets.yaml, e.g. "latency.greengrass-lan".</param>
/// <param name="Source">The seed guide's table and row it comes from.</param>
/// <param name="Expected">The target as documented, e.g. "< 50 ms" or "~50 MB/day".</param>
/// <param name="Limit">The number the measurement is compared with, in <paramref name="Unit"/>.</param>
/// <param name="Verdict">The outcome, with the scenario's expectation applied (see <see cref="TargetVerdict"/>).</param>
/// <param name="Phase">Which part of the run the measured figure comes from.</param>
/// <param name="FailureExpectedBecause">Why the scenario expects this target to fail (its <c>expect.because</c>), or null.</param>
public sealed record TargetResult(
    string Id,
    string Source,
    string Description,
    string Expected,
    double Limit,
    double? Measured,
    string Unit,
    TargetVerdict Verdict,
    TargetPhase Phase = TargetPhase.NormalOperation,
    string? FailureExpectedBecause = null)
{
    /// <summary>An unexpected fail, or a pass where the scenario declared a failure: either fails the run.</summary>
    [JsonIgnore]
    public bool FailsTheRun => Verdict is TargetVerdict.Fail or TargetVerdict.UnexpectedPass;
}

public enum TargetVerdict
{
    Pass,

    /// <summary>Failed, and the scenario did not expect it.</summary>
    Fail,
    NotMeasured,

    /// <summary>Failed, as the scenario's <c>expect: { fail: [...] }</c> says it will, for the reason given.</summary>
    ExpectedFail,

    /// <summary>The scenario expects a failure that did not happen: the expectation (or the engine) changed.</summary>
    UnexpectedPass,
}
