using System.Buffers.Binary;
using System.Globalization;
using System.Xml.Linq;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using Hospitality.Reports.Verdicts;

namespace Hospitality.Reports.Tests.Runs;

public sealed class ReportWriterTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Writing_a_run_writes_json_markdown_html_and_one_png_per_chart()
    {
        var directory = _temp.Sub("run");

        var written = ReportWriter.WriteRun(SampleRuns.GreengrassOutage(), directory);

        var relative = written.Select(path => Path.GetRelativePath(directory, path).Replace('\\', '/')).ToList();
        Assert.Equal(
            [
                "run.json", "report.md", "report.html",
                "charts/targets.png", "charts/latency-cdf.png", "charts/bandwidth.png",
                "charts/series-writes-per-minute.png", "charts/series-p99-propagation-per-minute.png", "charts/series-replicas-behind.png",
            ],
            relative);
        Assert.All(written, path => Assert.True(new FileInfo(path).Length > 0, $"{path} is empty"));
    }

    [Fact]
    public void Pngs_start_with_the_png_signature_and_are_drawn_at_twice_the_chart_size()
    {
        var written = ReportWriter.WriteRun(SampleRuns.GreengrassOutage(), _temp.Sub("run"));

        var pngs = written.Where(path => path.EndsWith(".png", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, pngs.Count);
        foreach (var png in pngs)
        {
            var bytes = File.ReadAllBytes(png);
            Assert.Equal(PngSignature, bytes[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
            var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
            Assert.Equal(1760, width);
            Assert.InRange(height, 400, 1_500);

            // A blank or failed render compresses to a few kB; a drawn chart with text is tens of kB.
            Assert.InRange(bytes.Length, 15_000, 2_000_000);
        }
    }

    [Fact]
    public void Html_is_well_formed_with_every_chart_inline_as_svg_and_no_external_assets()
    {
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(SampleRuns.GreengrassOutage(), directory);

        var page = Xhtml.Load(Path.Combine(directory, "report.html"));

        var figures = page.Descendants(Xhtml.Html + "figure").ToList();
        Assert.Equal(6, figures.Count);
        Assert.All(figures, figure => Assert.Single(figure.Elements(Xhtml.Svg + "svg")));
        Assert.Empty(page.Descendants(Xhtml.Html + "script"));
        Assert.Empty(page.Descendants(Xhtml.Html + "link"));
        Assert.Empty(page.Descendants(Xhtml.Html + "img"));
        Assert.Single(page.Descendants(Xhtml.Html + "style"));

        // Links stay inside the report folder: anchors, run.json, report.md and the PNGs beside it.
        var hrefs = page.Descendants().Attributes("href").Select(attribute => attribute.Value).ToList();
        Assert.All(hrefs, href => Assert.DoesNotContain(":", href));
        foreach (var href in hrefs.Where(href => !href.StartsWith('#')))
        {
            Assert.True(File.Exists(Path.Combine(directory, href)), $"{href} is linked but not written");
        }

        // Several SVGs on one page: their ids (clip paths) must not collide.
        var ids = page.Descendants().Attributes("id").Select(attribute => attribute.Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_target_appears_in_html_and_markdown_beside_its_measured_value_and_verdict()
    {
        var report = SampleRuns.GreengrassOutage();
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(report, directory);
        var page = Xhtml.Load(Path.Combine(directory, "report.html"));
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
        var table = MarkdownTables.WithHeader(markdown, "Target", "What", "Expected", "Measured", "Measured on", "Verdict", "Source");

        Assert.Equal(report.Targets.Count, table.Rows.Count);
        foreach (var target in report.Targets)
        {
            var measured = target.Measured is { } value ? Units.InUnit(value, target.Unit) : "—";
            var verdict = target.Verdict switch
            {
                TargetVerdict.Pass => "pass",
                TargetVerdict.Fail => "fail",
                _ => "not measured",
            };

            var row = Xhtml.RowContaining(page, target.Id);
            var cells = row.Elements(Xhtml.Html + "td").Select(cell => cell.Value).ToList();
            Assert.Equal(target.Expected, cells[1]);
            Assert.Equal(measured, cells[2]);
            Assert.Equal(VerdictText.Of(target.Phase), cells[3]);
            Assert.Equal(verdict, cells[4]);
            var badge = Assert.Single(row.Descendants(Xhtml.Html + "span"), span => ((string?)span.Attribute("class"))?.StartsWith("badge", StringComparison.Ordinal) == true);
            Assert.Equal(target.Verdict == TargetVerdict.NotMeasured ? "badge na" : $"badge {verdict}", (string?)badge.Attribute("class"));

            var markdownRow = Assert.Single(table.Rows, cells => cells[0] == $"`{target.Id}`");
            Assert.Equal(measured, markdownRow[3]);
            Assert.Equal(VerdictText.Of(target.Phase), markdownRow[4]);
            Assert.EndsWith(verdict, markdownRow[5].Replace("**", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Markdown_has_the_latency_bandwidth_heal_and_topology_tables_with_their_columns()
    {
        var report = SampleRuns.GreengrassOutage();
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(report, directory);
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));

        var tables = MarkdownTables.All(markdown);
        Assert.All(tables, table =>
        {
            Assert.Equal(table.Header.Count, table.Alignment.Count);
            Assert.All(table.Rows, row => Assert.Equal(table.Header.Count, row.Count));
        });

        var latency = MarkdownTables.WithHeader(markdown, "Path", "Phase", "Deliveries", "p50", "p90", "p99", "p99.9", "Max");
        Assert.Equal(report.Paths.Select(path => path.Path), latency.Rows.Select(row => row[0]));
        Assert.Equal(report.Paths.Select(path => VerdictText.Of(path.Phase)), latency.Rows.Select(row => row[1]));
        Assert.Equal(["---", "---", "---:", "---:", "---:", "---:", "---:", "---:"], latency.Alignment);
        var cloud = report.Paths.Single(path => path.Path == "device→cloud");
        var cloudRow = latency.Rows.Single(row => row[0] == "device→cloud");
        Assert.Equal([Units.Count(cloud.Deliveries), Units.Milliseconds(cloud.P50), Units.Milliseconds(cloud.P90), Units.Milliseconds(cloud.P99), Units.Milliseconds(cloud.P999), Units.Milliseconds(cloud.Max)], cloudRow.Skip(2));

        var bandwidth = MarkdownTables.WithHeader(markdown, "Device kind", "Channel", "Devices", "Per device", "All devices");
        Assert.Equal(report.Bandwidth.Count, bandwidth.Rows.Count);
        Assert.All(bandwidth.Rows, row => Assert.EndsWith("B/day", row[3], StringComparison.Ordinal));

        var heals = MarkdownTables.WithHeader(markdown, "Fault", "Started (h:mm:ss)", "Healed (h:mm:ss)", "Lasted", "Converged after");
        Assert.Equal(["10:00:00", "10:05:00", "5 min"], heals.Rows[0].Skip(1).Take(3));
        Assert.Equal("not within the run", heals.Rows[2][4]);

        var topology = MarkdownTables.WithHeader(markdown, "Segment", "Kind", "Uplink", "Role", "Host kind", "Link", "Count");
        Assert.Equal(5, topology.Rows.Count);
    }

    [Fact]
    public void Markdown_and_html_show_each_servers_processor_and_each_propertys_month_beside_the_seed_guide()
    {
        var report = SampleRuns.GreengrassOutage();
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(report, directory);
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
        var html = File.ReadAllText(Path.Combine(directory, "report.html"));

        var servers = MarkdownTables.WithHeader(markdown, ServerRows.Columns.Select(column => column.Header).ToArray());
        Assert.Equal(["cloud-api", "greengrass"], servers.Rows.Select(row => row[0]));
        Assert.Equal(["< 0.01%", "0.014%"], servers.Rows[0].Skip(6).Take(2)); // tiny shares as a bound, not in E notation
        Assert.Equal(["5.00 µs", "2.40 ms"], servers.Rows[1].Skip(8).Take(2));

        var cost = MarkdownTables.WithHeader(markdown, CostRows.PropertyColumns.Select(column => column.Header).ToArray());
        Assert.Equal(["city-hotel", "Greengrass + cloud", "93,000", "96,600", "104 MB", "21.0 MB"], cost.Rows[0].Take(6));
        Assert.Equal("18.00 USD", cost.Rows[0][9]);
        Assert.Contains("times 120 (30 days over the run's length), priced by scenarios/costs.yaml", markdown, StringComparison.Ordinal);
        Assert.Contains("id=\"cost\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#servers\">Servers</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_and_html_show_pushes_as_deltas_per_role_in_the_bandwidth_section()
    {
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(SampleRuns.GreengrassOutage(), directory);
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
        var html = File.ReadAllText(Path.Combine(directory, "report.html"));

        var deltas = MarkdownTables.WithHeader(markdown, PushDeltaRows.Columns.Select(column => column.Header).ToArray());
        Assert.Equal(["device", "50", "12,480", "7", "0", "0"], deltas.Rows[0]);
        Assert.Equal(["greengrass", "cloud"], deltas.Rows.Skip(1).Select(row => row[0]));
        var section = markdown.IndexOf("### Pushes as deltas\n", StringComparison.Ordinal);
        Assert.True(section > markdown.IndexOf("## Bandwidth", StringComparison.Ordinal) && section < markdown.IndexOf("## Convergence", StringComparison.Ordinal), "the table sits with the bytes");
        var card = html.IndexOf("id=\"bandwidth\"", StringComparison.Ordinal);
        var table = html.IndexOf("<h3>Pushes as deltas</h3>", StringComparison.Ordinal);
        Assert.True(table > card && table < html.IndexOf("</section>", card, StringComparison.Ordinal), "the html table sits in the bandwidth card");
        Assert.Contains("<td class=\"num\">12,480</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_json_without_push_deltas_reads_as_none_and_shows_no_table()
    {
        var report = SampleRuns.GreengrassOutage() with { PushDeltas = [] };
        var json = report.ToJson();
        var older = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        older.Remove("pushDeltas");

        var read = RunReport.FromJson(older.ToJsonString());
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(read, directory);

        Assert.Empty(read.PushDeltas);
        Assert.DoesNotContain("Pushes as deltas", File.ReadAllText(Path.Combine(directory, "report.md")), StringComparison.Ordinal);
        Assert.DoesNotContain("Pushes as deltas", File.ReadAllText(Path.Combine(directory, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Where_the_time_goes_gives_each_paths_normal_hops_under_its_whole_path_then_every_queue()
    {
        var report = SampleRuns.GreengrassOutage();
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(report, directory);
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
        var html = File.ReadAllText(Path.Combine(directory, "report.html"));

        var section = markdown.IndexOf("## Where the time goes\n", StringComparison.Ordinal);
        Assert.True(section > markdown.IndexOf("## Propagation latency", StringComparison.Ordinal), "the section follows the latency it explains");
        Assert.True(markdown.IndexOf("### Hops", section, StringComparison.Ordinal) < markdown.IndexOf("### Queues", section, StringComparison.Ordinal));
        Assert.Contains(HopRows.Explanation, markdown, StringComparison.Ordinal);

        var hops = MarkdownTables.WithHeader(markdown, HopRows.Columns.Select(column => column.Header).ToArray());
        Assert.Equal(
            [
                ("device→device, same property", HopRows.WholePath), ("device→device, same property", "device→greengrass"), ("device→device, same property", "greengrass→device"),
                ("device→cloud", HopRows.WholePath), ("device→cloud", "device→greengrass"), ("device→cloud", "greengrass→cloud"),
            ],
            hops.Rows.Select(row => (row[0], row[1]))); // the hop during the fault is in run.json only
        var whole = report.Paths.Single(path => path.Path == "device→cloud");
        Assert.Equal([Units.Count(whole.Deliveries), Units.Milliseconds(whole.P50), Units.Milliseconds(whole.P99), Units.Milliseconds(whole.P999), Units.Milliseconds(whole.Max), "", ""], hops.Rows[3].Skip(2));
        Assert.Equal(["24.9 ms", "38.2 ms", "204 ms", "69.0%", "78.0%"], hops.Rows[2].Skip(4));

        var queues = MarkdownTables.WithHeader(markdown, QueueRows.Columns.Select(column => column.Header).ToArray());
        Assert.Equal(["device: wifi", "device: wifi, down", "device", "greengrass, live fan-out"], queues.Rows.Select(row => row[1])); // the start-up's queues are in run.json only
        Assert.Equal(["0", "1.92 ms", "6.40 ms", "31.0 ms", "210 µs"], queues.Rows[0].Skip(3).Take(5));
        Assert.Equal(["-", "-", "-", "-"], queues.Rows[2].Skip(7)); // a TCP resend is a wait only
        Assert.Equal("5.00 µs", queues.Rows[3][3]);

        Assert.Contains("<section class=\"card\" id=\"time\">", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#time\">Where the time goes</a>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>Queues</h3>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_hops_or_queues_has_no_where_the_time_goes_section()
    {
        var report = SampleRuns.GreengrassOutage() with { Hops = [], Queues = [] };
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(report, directory);

        Assert.DoesNotContain("Where the time goes", File.ReadAllText(Path.Combine(directory, "report.md")), StringComparison.Ordinal);
        Assert.DoesNotContain("Where the time goes", File.ReadAllText(Path.Combine(directory, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_gives_scenario_seed_trace_hash_times_events_and_the_verdict()
    {
        var report = SampleRuns.GreengrassOutage();
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(report, directory);
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));

        Assert.StartsWith("# greengrass-outage — FAIL\n", markdown, StringComparison.Ordinal);
        Assert.Contains("**FAIL**: converged; 4 of 6 targets pass, 1 fails unexpectedly, 1 not measured.", markdown, StringComparison.Ordinal);
        var summary = MarkdownTables.All(markdown)[0];
        var facts = summary.Rows.ToDictionary(row => row[0], row => row[1]);
        Assert.Equal("42", facts["Seed"]);
        Assert.Equal($"`{report.TraceHash}`", facts["Trace hash"]);
        Assert.Equal("24 h (86,400 s)", facts["Virtual time"]);
        Assert.StartsWith(Units.Duration(report.WallSeconds), facts["Wall time"], StringComparison.Ordinal);
        Assert.StartsWith("52,318,771 (", facts["Events"], StringComparison.Ordinal);
        Assert.Equal("FAIL", facts["Result"]);

        var page = Xhtml.Load(Path.Combine(directory, "report.html"));
        Assert.Contains(page.Descendants(Xhtml.Html + "span"), span => (string?)span.Attribute("class") == "badge fail big" && span.Value == "FAIL");
    }

    [Fact]
    public void The_same_run_gives_the_same_bytes_whatever_the_culture()
    {
        var report = SampleRuns.GreengrassOutage();
        var first = ReportWriter.WriteRun(report, _temp.Sub("first"));
        var original = CultureInfo.CurrentCulture;
        IReadOnlyList<string> second;
        try
        {
            // German swaps the decimal and thousands separators: any culture-sensitive format would show.
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            second = ReportWriter.WriteRun(report, _temp.Sub("second"));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }

        Assert.Equal(first.Count, second.Count);
        for (var index = 0; index < first.Count; index++)
        {
            Assert.True(File.ReadAllBytes(first[index]).AsSpan().SequenceEqual(File.ReadAllBytes(second[index])), $"{Path.GetFileName(first[index])} differs");
        }
    }

    [Fact]
    public void A_run_with_no_paths_series_bandwidth_heals_or_targets_still_renders()
    {
        var directory = _temp.Sub("empty");

        var written = ReportWriter.WriteRun(SampleRuns.Empty(), directory);

        Assert.Equal(["run.json", "report.md", "report.html"], written.Select(Path.GetFileName));
        var page = Xhtml.Load(Path.Combine(directory, "report.html"));
        Assert.Empty(page.Descendants(Xhtml.Svg + "svg"));
        var text = page.Root!.Value;
        Assert.Contains("No writes were delivered", text, StringComparison.Ordinal);
        Assert.Contains("No documented targets apply", text, StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
        Assert.Contains("**PASS**: converged; no targets apply.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("![", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewriting_a_run_leaves_no_chart_of_the_earlier_write()
    {
        var directory = _temp.Sub("run");
        ReportWriter.WriteRun(SampleRuns.GreengrassOutage(), directory);

        ReportWriter.WriteRun(SampleRuns.Empty(), directory);

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(directory, "charts")));
    }

    [Fact]
    public void Series_with_the_same_name_get_distinct_chart_files()
    {
        var sample = SampleRuns.GreengrassOutage();
        var twice = sample with { Series = [sample.Series[0], sample.Series[0] with { Unit = "writes/h" }, new SeriesReport("Nothing yet", "", [])] };

        var written = ReportWriter.WriteRun(twice, _temp.Sub("run"));

        var series = written.Select(Path.GetFileName).Where(name => name!.StartsWith("series-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["series-writes-per-minute.png", "series-writes-per-minute-2.png"], series);
    }

    [Fact]
    public void Long_names_are_cut_for_charts_without_splitting_an_emoji()
    {
        var sample = SampleRuns.GreengrassOutage();
        var name = new string('x', 59) + "🛎️ and more";
        var run = sample with { Paths = [sample.Paths[0] with { Path = name }], Series = [sample.Series[0] with { Name = name }] };
        var directory = _temp.Sub("run");

        ReportWriter.WriteRun(run, directory);

        var page = Xhtml.Load(Path.Combine(directory, "report.html"));
        var svgText = string.Concat(page.Descendants(Xhtml.Svg + "text").Select(text => text.Value));
        Assert.Contains(new string('x', 59) + "🛎…", svgText, StringComparison.Ordinal);
        Assert.Contains(name, Xhtml.RowContaining(page, "and more").Value, StringComparison.Ordinal);
    }

    /// <summary>A failure the scenario declares shows as expected, with its reason, and does not fail the run; an unexpected pass does.</summary>
    [Fact]
    public void A_declared_failure_reads_fails_as_expected_with_its_reason_and_the_run_passes()
    {
        var sample = SampleRuns.GreengrassOutage();
        var declared = sample with
        {
            Targets = sample.Targets.Select(target => target.Verdict == TargetVerdict.Fail
                ? target with { Verdict = TargetVerdict.ExpectedFail, FailureExpectedBecause = "Engine: 15 s batches to the cloud." }
                : target).ToList(),
            Convergence = sample.Convergence with { Converged = true },
        };
        var directory = _temp.Sub("declared");

        ReportWriter.WriteRun(declared, directory);
        var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
        var page = Xhtml.Load(Path.Combine(directory, "report.html"));

        Assert.True(declared.Passed);
        Assert.Contains("⚠️ fails, as expected", markdown, StringComparison.Ordinal);
        Assert.Contains("Expected to fail (`latency.cloud`): Engine: 15 s batches to the cloud.", markdown, StringComparison.Ordinal);
        Assert.Contains("1 fails as expected", markdown, StringComparison.Ordinal);
        var row = Xhtml.RowContaining(page, "latency.cloud");
        Assert.Contains(row.Descendants(Xhtml.Html + "span"), span => (string?)span.Attribute("class") == "badge expected" && span.Value == "fails, as expected");
        Assert.Contains("Engine: 15 s batches to the cloud.", row.Value, StringComparison.Ordinal);
        Assert.False((declared with { Targets = [declared.Targets[0] with { Verdict = TargetVerdict.UnexpectedPass }] }).Passed);
    }
}
