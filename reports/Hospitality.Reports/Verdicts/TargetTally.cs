using Hospitality.Reports.Model;

namespace Hospitality.Reports.Verdicts;

/// <summary>How many targets of a run passed, failed (expectedly or not) or were not measured.</summary>
public readonly record struct TargetTally(int Passed, int Failed, int NotMeasured, int ExpectedFailures = 0, int UnexpectedPasses = 0)
{
    public int Total => Passed + Failed + NotMeasured + ExpectedFailures + UnexpectedPasses;

    public static TargetTally Of(IReadOnlyList<TargetResult> targets) => new(
        targets.Count(target => target.Verdict == TargetVerdict.Pass),
        targets.Count(target => target.Verdict == TargetVerdict.Fail),
        targets.Count(target => target.Verdict == TargetVerdict.NotMeasured),
        targets.Count(target => target.Verdict == TargetVerdict.ExpectedFail),
        targets.Count(target => target.Verdict == TargetVerdict.UnexpectedPass));

    /// <summary>"12 of 14 targets pass, 1 fails as expected, 1 not measured".</summary>
    public string Sentence()
    {
        if (Total == 0)
        {
            return "no targets apply";
        }

        var parts = new List<string> { Total == 1 ? $"{Passed} of 1 target passes" : $"{Passed} of {Total} targets pass" };
        if (Failed > 0)
        {
            parts.Add($"{Failed} fail{(Failed == 1 ? "s" : "")} unexpectedly");
        }

        if (ExpectedFailures > 0)
        {
            parts.Add($"{ExpectedFailures} fail{(ExpectedFailures == 1 ? "s" : "")} as expected");
        }

        if (UnexpectedPasses > 0)
        {
            parts.Add($"{UnexpectedPasses} expected to fail but did not");
        }

        if (NotMeasured > 0)
        {
            parts.Add($"{NotMeasured} not measured");
        }

        return string.Join(", ", parts);
    }
}
