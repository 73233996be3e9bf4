using System.Xml;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Hospitality.Reports.Tests.Runs;

public sealed class ReportWriterPropertyTests
{
    /// <summary>Rendering charts costs tens of milliseconds each, so fewer cases than the JSON property.</summary>
    [Property(MaxTest = 30)]
    public Property Any_run_renders_well_formed_html_and_markdown_tables_that_keep_their_shape() =>
        Prop.ForAll(RunReports.Any.ToArbitrary(), report =>
        {
            using var temp = new TempDirectory();
            var written = ReportWriter.WriteRun(report, temp.Path);

            string? problem = null;
            try
            {
                Xhtml.Load(Path.Combine(temp.Path, "report.html"));
            }
            catch (XmlException exception)
            {
                problem = $"report.html is not well-formed: {exception.Message}";
            }

            var markdown = File.ReadAllText(Path.Combine(temp.Path, "report.md"));
            foreach (var table in MarkdownTables.All(markdown))
            {
                if (table.Rows.Any(row => row.Count != table.Header.Count))
                {
                    problem ??= $"a Markdown table row does not have the {table.Header.Count} cells of its header ({string.Join(" | ", table.Header)})";
                }
            }

            var targetRows = report.Targets.Count == 0
                ? 0
                : MarkdownTables.All(markdown).Single(table => table.Header.Count > 0 && table.Header[0] == "Target").Rows.Count;
            if (targetRows != report.Targets.Count)
            {
                problem ??= $"{report.Targets.Count} targets but {targetRows} rows in the targets table";
            }

            var pngs = written.Count(path => path.EndsWith(".png", StringComparison.Ordinal));
            return (problem is null).Label(problem ?? "").And(pngs <= 3 + report.Series.Count).Label($"{pngs} PNGs for {report.Series.Count} series");
        });
}
