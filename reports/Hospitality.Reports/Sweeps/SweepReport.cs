using Hospitality.Reports.Model;

namespace Hospitality.Reports.Sweeps;

/// <summary>Writes a sweep's <c>summary.md</c> and <c>summary.html</c>: per scenario, the spread across seeds.</summary>
public static class SweepReport
{
    public const string MarkdownFile = "summary.md";

    public const string HtmlFile = "summary.html";

    /// <summary>Writes both files into <paramref name="directory"/> (created if missing) and returns their full paths.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<RunReport> runs, string directory)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var scenarios = ScenarioSweep.Of(runs);
        var markdown = Path.GetFullPath(Path.Combine(directory, MarkdownFile));
        File.WriteAllText(markdown, SweepMarkdown.Render(scenarios), ReportWriter.Utf8);
        var html = Path.GetFullPath(Path.Combine(directory, HtmlFile));
        File.WriteAllText(html, SweepHtml.Render(scenarios), ReportWriter.Utf8);
        return [markdown, html];
    }
}
