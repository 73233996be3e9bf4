using System.Globalization;
using Hospitality.Reports.Model;
using Hospitality.Reports.Verdicts;

namespace Hospitality.Reports.Index;

/// <summary>One row of <c>index.html</c>: a run's report, where it is (relative to the index, '/'-separated) and how it went.</summary>
public sealed record IndexEntry(
    string Name,
    string RelativeReportPath,
    bool Passed,
    string Scenario,
    ulong Seed,
    bool Converged,
    TargetTally Targets,
    double VirtualSeconds,
    double WallSeconds,
    string TraceHash)
{
    /// <summary>The entry for a run whose <c>report.html</c> is at <paramref name="relativeReportPath"/> from the index.</summary>
    public static IndexEntry Of(RunReport run, string relativeReportPath) => new(
        $"{run.Variant} · seed {run.Seed.ToString(CultureInfo.InvariantCulture)}",
        relativeReportPath.Replace('\\', '/'),
        run.Passed,
        run.Variant,
        run.Seed,
        run.Convergence.Converged,
        TargetTally.Of(run.Targets),
        run.VirtualSeconds,
        run.WallSeconds,
        run.TraceHash);
}
