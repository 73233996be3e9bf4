using System.Text;
using Hospitality.Reports.Charts;
using Hospitality.Reports.Html;
using Hospitality.Reports.Markdown;
using Hospitality.Reports.Model;

namespace Hospitality.Reports;

/// <summary>
/// Writes one run's report: <c>run.json</c>, <c>report.md</c>, <c>report.html</c> and the PNG charts under
/// <c>charts/</c>, each whole or not at all (<see cref="AtomicFile"/>), run.json last. The same run report gives the same
/// bytes: no timestamps, no random ids, invariant culture.
/// </summary>
public static class ReportWriter
{
    public const string RunJsonFile = "run.json";

    public const string MarkdownFile = "report.md";

    public const string HtmlFile = "report.html";

    public const string ChartsFolder = "charts";

    /// <summary>UTF-8 without a byte-order mark, so files compare and diff cleanly.</summary>
    internal static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the report files into <paramref name="directory"/> (created if missing) and returns their full paths.</summary>
    public static IReadOnlyList<string> WriteRun(RunReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var written = new List<string>();

        var charts = RunCharts.Build(report);
        var chartsDirectory = Path.Combine(directory, ChartsFolder);
        if (Directory.Exists(chartsDirectory))
        {
            // Charts of an earlier write of this run that no longer exist (a series renamed) must not linger.
            foreach (var stale in Directory.EnumerateFiles(chartsDirectory, "*.png"))
            {
                File.Delete(stale);
            }
        }

        foreach (var chart in charts.All)
        {
            Directory.CreateDirectory(chartsDirectory);
            var png = Path.GetFullPath(Path.Combine(directory, chart.PngRelativePath));
            AtomicFile.WriteAllBytes(png, ChartRenderer.ToPng(chart));
            written.Add(png);
        }

        var markdown = Path.GetFullPath(Path.Combine(directory, MarkdownFile));
        AtomicFile.WriteAllText(markdown, RunMarkdown.Render(report, charts));
        written.Insert(0, markdown);

        var html = Path.GetFullPath(Path.Combine(directory, HtmlFile));
        AtomicFile.WriteAllText(html, RunHtml.Render(report, charts));
        written.Insert(1, html);

        // run.json last: a folder holding one holds the whole report.
        var json = Path.GetFullPath(Path.Combine(directory, RunJsonFile));
        AtomicFile.WriteAllText(json, report.ToJson());
        written.Insert(0, json);

        return written;
    }
}
