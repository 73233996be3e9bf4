using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;

namespace Hospitality.Reports.Verdicts;

/// <summary>The words a report uses for verdicts and measured values, the same in Markdown and HTML.</summary>
public static class VerdictText
{
    public static string Of(TargetVerdict verdict) => verdict switch
    {
        TargetVerdict.Pass => "pass",
        TargetVerdict.Fail => "fail",
        TargetVerdict.NotMeasured => "not measured",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };

    public static string Run(bool passed) => passed ? "PASS" : "FAIL";

    public static string Convergence(ConvergenceReport convergence) => convergence.Converged ? "converged" : "diverged";

    /// <summary>The measured value in the target's unit, or "—" when not measured.</summary>
    public static string Measured(TargetResult target) =>
        target.Measured is { } value ? Units.InUnit(value, target.Unit) : "—";

    /// <summary>How long after a heal every replica agreed, or that it did not within the run.</summary>
    public static string ConvergedAfter(HealReport heal) =>
        heal.ConvergedAfterSeconds is { } seconds ? Units.Duration(seconds) : "not within the run";
}
