using System.Globalization;
using Hospitality.Sim.Checks;
using Hospitality.Sim.Faults;

namespace Hospitality.Sim.Trials;

/// <summary>What a trial found: safety violations during the run, and whether the world converged after healing.</summary>
public sealed record TrialResult(
    TrialPlan Plan,
    IReadOnlyList<string> Violations,
    IReadOnlyList<Divergence> Divergences,
    TimeSpan? ConvergedAfterHeal,
    int AcknowledgedWrites,
    long Events,
    string TraceHash,
    IReadOnlyCollection<SiteCoverage> Coverage)
{
    public bool Passed => Violations.Count == 0 && ConvergedAfterHeal is not null;

    /// <summary>Why the trial failed, in a few lines, or "passed".</summary>
    public string Verdict()
    {
        if (Passed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"passed: converged {ConvergedAfterHeal!.Value.TotalSeconds:F1} s after healing, {AcknowledgedWrites} acknowledged writes, trace {TraceHash}");
        }

        var lines = new List<string>();
        if (Violations.Count > 0)
        {
            lines.Add($"safety: {Violations.Count} invariant violations, first: {Violations[0]}");
        }

        if (ConvergedAfterHeal is null)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"liveness: not converged {Plan.HealSeconds:F0} s after healing; {Divergences.Count} divergences, first: {Divergences.FirstOrDefault()}"));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
