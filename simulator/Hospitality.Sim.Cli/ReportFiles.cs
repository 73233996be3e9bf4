using Hospitality.Reports;
using Hospitality.Reports.Model;

namespace Hospitality.Sim.Cli;

/// <summary>Writes a run's files (run.json, report.md, report.html, charts) and a sweep's summary.</summary>
internal static class ReportFiles
{
    public static IReadOnlyList<string> Write(RunReport report, string directory) => ReportWriter.WriteRun(report, directory);

    /// <summary>The summary across the runs of a sweep, and the index linking every report.</summary>
    public static void WriteSummary(string directory) => ReportDirectory.Rebuild(directory);
}
