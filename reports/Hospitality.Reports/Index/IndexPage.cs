using System.Globalization;
using System.Text;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Html;

namespace Hospitality.Reports.Index;

/// <summary><c>index.html</c>: every report of a directory in one table with its verdict and a link, and the run files that could not be read.</summary>
public static class IndexPage
{
    public const string HtmlFile = "index.html";

    /// <summary>
    /// Writes <c>index.html</c> into <paramref name="directory"/> listing <paramref name="entries"/> in the order given,
    /// with a link to the sweep summary when <paramref name="summaryRelativePath"/> is set. Returns its full path.
    /// </summary>
    public static string Write(
        string directory,
        IReadOnlyList<IndexEntry> entries,
        string? summaryRelativePath = null,
        IReadOnlyList<UnreadableRun>? unreadable = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, HtmlFile));
        AtomicFile.WriteAllText(path, Render(entries, summaryRelativePath, unreadable ?? []));
        return path;
    }

    public static string Render(IReadOnlyList<IndexEntry> entries, string? summaryRelativePath, IReadOnlyList<UnreadableRun> unreadable)
    {
        var passed = entries.Count(entry => entry.Passed);
        var failed = entries.Count - passed;
        var allPassed = entries.Count > 0 && failed == 0 && unreadable.Count == 0;
        var html = new StringBuilder();
        html.Append(allPassed ? "<header class=\"hero\">\n" : "<header class=\"hero failed\">\n");
        html.Append("<div class=\"hero-top\"><div>\n<div class=\"eyebrow\">Scenario reports</div>\n<h1>");
        html.Append(HtmlText.Encode($"{Units.Count(entries.Count)} {(entries.Count == 1 ? "run" : "runs")}"));
        html.Append("</h1>\n<p class=\"lead\">");
        html.Append(HtmlText.Encode($"{Units.Count(entries.Select(entry => entry.Scenario).Distinct(StringComparer.Ordinal).Count())} scenarios; each row links to its full report."));
        html.Append("</p>\n</div>\n<div>").Append(Badge.RunLarge(allPassed)).Append("</div></div>\n");
        html.Append("<div class=\"tally hero-tally\">");
        html.Append($"<span class=\"badge pass\">{passed} pass</span><span class=\"badge fail\">{failed} fail</span>");
        if (unreadable.Count > 0)
        {
            html.Append($"<span class=\"badge fail\">{unreadable.Count} unreadable</span>");
        }

        html.Append("</div>\n");
        if (summaryRelativePath is not null)
        {
            html.Append("<p><a class=\"strong\" href=\"").Append(HtmlText.Encode(summaryRelativePath)).Append("\">Sweep summary: spread across seeds →</a></p>\n");
        }

        html.Append("</header>\n");

        html.Append("<section class=\"card\" id=\"runs\">\n<h2>Runs</h2>\n");
        if (entries.Count == 0)
        {
            html.Append("<p class=\"empty\">No run reports were found.</p>\n");
        }
        else
        {
            var table = new HtmlTable(("Run", false), ("Result", false), ("Convergence", false), ("Targets", true), ("Virtual", true), ("Wall", true), ("Trace hash", false));
            foreach (var entry in entries)
            {
                table.RowWithClass(
                    entry.Passed ? null : "failed",
                    $"<a class=\"strong\" href=\"{HtmlText.Encode(entry.RelativeReportPath)}\">{HtmlText.Encode(entry.Name)}</a>",
                    Badge.Run(entry.Passed),
                    Badge.Convergence(entry.Converged),
                    TargetsCell(entry),
                    HtmlText.Encode(Units.Duration(entry.VirtualSeconds)),
                    HtmlText.Encode(Units.Duration(entry.WallSeconds)),
                    $"<code>{HtmlText.Encode(entry.TraceHash)}</code>");
            }

            table.WriteTo(html);
        }

        html.Append("</section>\n");
        if (unreadable.Count > 0)
        {
            html.Append("<section class=\"card\" id=\"unreadable\">\n<h2>Unreadable run files</h2>\n");
            var table = new HtmlTable(("File", false), ("Error", false));
            foreach (var run in unreadable)
            {
                table.RowWithClass("failed", $"<code>{HtmlText.Encode(run.RelativePath)}</code>", HtmlText.Encode(run.Error));
            }

            table.WriteTo(html);
            html.Append("</section>\n");
        }

        return HtmlPage.Render("Scenario reports", html.ToString());
    }

    private static string TargetsCell(IndexEntry entry)
    {
        var tally = entry.Targets;
        if (tally.Total == 0)
        {
            return "<span class=\"muted\">none</span>";
        }

        var cell = new StringBuilder();
        cell.Append(HtmlText.Encode($"{tally.Passed.ToString(CultureInfo.InvariantCulture)}/{tally.Total.ToString(CultureInfo.InvariantCulture)} pass"));
        if (tally.Failed > 0)
        {
            cell.Append(" <span class=\"badge fail\">").Append(tally.Failed.ToString(CultureInfo.InvariantCulture)).Append(" fail</span>");
        }

        return cell.ToString();
    }
}
