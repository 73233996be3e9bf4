using Hospitality.Reports.Charts;
using Hospitality.Reports.Model;

namespace Hospitality.Reports.Sweeps;

/// <summary>
/// Writes a sweep's <c>summary.md</c> and <c>summary.html</c>: per scenario, the spread across seeds, with a
/// latency chart per scenario and, for a sweep with --vary, each target against the varied value
/// (inline SVG in the HTML, PNG under <c>summary-charts/</c> for the Markdown).
/// </summary>
public static class SweepReport
{
    public const string MarkdownFile = "summary.md";

    public const string HtmlFile = "summary.html";

    /// <summary>Not <c>charts/</c>: a run written at the top of the same folder clears that one.</summary>
    public const string ChartsFolder = "summary-charts";

    /// <summary>Writes the files into <paramref name="directory"/> (created if missing) and returns their full paths.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<RunReport> runs, string directory)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var scenarios = ScenarioSweep.Of(runs);
        var names = new ChartNames();
        var charts = scenarios.Select(scenario => SweepLatencyChart.Build(scenario, names)).ToList();
        var varied = SweepTargetChart.Build(runs, names);
        var markdown = Path.GetFullPath(Path.Combine(directory, MarkdownFile));
        AtomicFile.WriteAllText(markdown, SweepMarkdown.Render(scenarios, charts, varied));
        var html = Path.GetFullPath(Path.Combine(directory, HtmlFile));
        AtomicFile.WriteAllText(html, SweepHtml.Render(scenarios, charts, varied));
        var written = new List<string> { markdown, html };
        var chartsDirectory = Path.Combine(directory, ChartsFolder);
        if (Directory.Exists(chartsDirectory))
        {
            // Charts of an earlier sweep whose scenarios are gone must not linger.
            foreach (var stale in Directory.EnumerateFiles(chartsDirectory, "*.png"))
            {
                File.Delete(stale);
            }
        }

        foreach (var chart in charts.OfType<Chart>().Concat(varied))
        {
            var png = Path.GetFullPath(Path.Combine(directory, chart.PngRelativePath));
            Directory.CreateDirectory(Path.GetDirectoryName(png)!);
            AtomicFile.WriteAllBytes(png, ChartRenderer.ToPng(chart));
            written.Add(png);
        }

        return written;
    }
}
