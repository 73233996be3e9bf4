using System.Text.Json;
using Hospitality.Reports.Index;
using Hospitality.Reports.Model;
using Hospitality.Reports.Sweeps;

namespace Hospitality.Reports;

/// <summary>
/// Rebuilds every report under a directory from its <c>run.json</c> files (what <c>hsim report &lt;dir&gt;</c> does):
/// each run's report rewritten beside its run.json, then the sweep summary and <c>index.html</c> at the top.
/// </summary>
public static class ReportDirectory
{
    /// <summary>Largest run.json read; a bigger file is reported as unreadable rather than loaded.</summary>
    public const long RunJsonBytesMax = 256L * 1024 * 1024;

    public static RebuildResult Rebuild(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"no such directory: {root}");
        }

        var files = Directory.EnumerateFiles(root, ReportWriter.RunJsonFile, SearchOption.AllDirectories)
            .Select(file => (Full: file, Relative: Path.GetRelativePath(root, file).Replace('\\', '/')))
            .OrderBy(file => file.Relative, StringComparer.Ordinal)
            .ToList();

        var runs = new List<RunReport>();
        var entries = new List<IndexEntry>();
        var unreadable = new List<UnreadableRun>();
        var written = new List<string>();
        foreach (var (full, relative) in files)
        {
            RunReport run;
            try
            {
                if (new FileInfo(full).Length > RunJsonBytesMax)
                {
                    unreadable.Add(new UnreadableRun(relative, $"larger than {RunJsonBytesMax} bytes"));
                    continue;
                }

                run = RunReport.FromJson(File.ReadAllText(full));
            }
            catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                unreadable.Add(new UnreadableRun(relative, exception.Message));
                continue;
            }

            var runDirectory = Path.GetDirectoryName(full)!;
            written.AddRange(ReportWriter.WriteRun(run, runDirectory));
            runs.Add(run);
            var reportRelative = Path.GetRelativePath(root, Path.Combine(runDirectory, ReportWriter.HtmlFile)).Replace('\\', '/');
            entries.Add(IndexEntry.Of(run, reportRelative));
        }

        written.AddRange(SweepReport.Write(runs, root));
        written.Add(IndexPage.Write(root, entries, SweepReport.HtmlFile, unreadable));
        return new RebuildResult(runs, unreadable, written);
    }
}
