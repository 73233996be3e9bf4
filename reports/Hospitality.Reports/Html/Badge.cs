using Hospitality.Reports.Model;
using Hospitality.Reports.Verdicts;

namespace Hospitality.Reports.Html;

/// <summary>Pill-shaped pass / fail / not-measured labels.</summary>
public static class Badge
{
    public static string Of(TargetVerdict verdict) => verdict switch
    {
        TargetVerdict.Pass => Pill("pass", VerdictText.Of(verdict)),
        TargetVerdict.Fail => Pill("fail", VerdictText.Of(verdict)),
        TargetVerdict.UnexpectedPass => Pill("fail", VerdictText.Of(verdict)),
        TargetVerdict.ExpectedFail => Pill("expected", VerdictText.Of(verdict)),
        _ => Pill("na", VerdictText.Of(verdict)),
    };

    public static string Run(bool passed) => Pill(passed ? "pass" : "fail", VerdictText.Run(passed));

    /// <summary>The large PASS / FAIL at the top of a page.</summary>
    public static string RunLarge(bool passed) => Pill(passed ? "pass big" : "fail big", VerdictText.Run(passed));

    public static string Convergence(bool converged) => Pill(converged ? "pass" : "fail", converged ? "converged" : "diverged");

    /// <summary>A heal after which the replicas did not agree again before the run ended.</summary>
    public static string NotConverged() => Pill("fail", "not within the run");

    private static string Pill(string kind, string text) => $"<span class=\"badge {kind}\">{HtmlText.Encode(text)}</span>";
}
