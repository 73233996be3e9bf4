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
        TargetVerdict.ExpectedFail => "fails, as expected",
        TargetVerdict.UnexpectedPass => "expected to fail, did not",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };

    /// <summary>Which part of the run a target's figure comes from.</summary>
    public static string Of(TargetPhase phase) => phase switch
    {
        TargetPhase.NormalOperation => "normal operation",
        TargetPhase.Heals => "after each heal",
        TargetPhase.WholeRun => "whole run",
        TargetPhase.StartUp => "start-up",
        TargetPhase.NotSimulated => "not simulated",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "unknown phase"),
    };

    /// <summary>Which deliveries a path's row counts.</summary>
    public static string Of(PathPhase phase) => phase switch
    {
        PathPhase.Normal => "normal",
        PathPhase.DuringFault => "during a fault",
        PathPhase.AfterFault => "after a fault",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "unknown phase"),
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
