using Hospitality.Reports.Model;
using Hospitality.Reports.Sweeps;

namespace Hospitality.Reports.Tests.Sweeps;

public sealed class SweepReportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(new[] { 3.0 }, 3.0, 3.0, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 1.0, 3.0, 5.0)]
    [InlineData(new[] { 4.0, 1.0, 2.0, 10.0 }, 1.0, 3.0, 10.0)]
    public void Spread_is_min_median_max(double[] values, double min, double median, double max) =>
        Assert.Equal(new Spread(min, median, max, values.Length), Spread.Of(values));

    [Fact]
    public void Spread_of_nothing_is_none() => Assert.Null(Spread.Of([double.NaN]));

    [Fact]
    public void A_sweep_groups_runs_by_scenario_and_gives_the_spread_across_seeds()
    {
        var runs = Enumerable.Range(1, 5).Select(seed => SampleRuns.GreengrassOutage((ulong)seed)).ToList();
        runs.Add(SampleRuns.GreengrassOutage(7, "internet-outage"));

        var scenarios = ScenarioSweep.Of(runs);

        Assert.Equal(["greengrass-outage", "internet-outage"], scenarios.Select(scenario => scenario.Scenario));
        var outage = scenarios[0];
        Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL], outage.Seeds);
        var cloudP99 = runs.Take(5).Select(run => run.Paths.Single(path => path.Path == "device→cloud").P99).Order().ToList();
        var cloud = outage.Paths.Single(path => path.Path == "device→cloud");
        Assert.Equal(new Spread(cloudP99[0], cloudP99[2], cloudP99[4], 5), cloud.P99);

        var cloudLatency = outage.Targets.Single(target => target.Id == "latency.cloud");
        Assert.Equal((0, 5, 0), (cloudLatency.Passed, cloudLatency.Failed, cloudLatency.NotMeasured));
        var p2p = outage.Targets.Single(target => target.Id == "latency.webrtc-p2p");
        Assert.Equal((0, 0, 5), (p2p.Passed, p2p.Failed, p2p.NotMeasured));
        Assert.Null(p2p.Measured);

        var partition = outage.Heals.Single(heal => heal.Fault == "partition: wing B Wi-Fi");
        Assert.Equal((5, 5), (partition.Heals, partition.NotConverged));
        Assert.Null(partition.ConvergedAfterSeconds);
        Assert.Equal(5, outage.Heals.Single(heal => heal.Fault == "greengrass crash").ConvergedAfterSeconds!.Value.Count);
    }

    [Fact]
    public void Runs_of_one_scenario_with_different_settings_are_summarised_apart_and_settings_survive_run_json()
    {
        var plain = SampleRuns.GreengrassOutage(1);
        var lossy = SampleRuns.GreengrassOutage(1) with { Settings = ["links.wifi-basement.loss=0.2"] };
        var lossier = SampleRuns.GreengrassOutage(2) with { Settings = ["links.wifi-basement.loss=0.3"] };

        var scenarios = ScenarioSweep.Of([lossier, plain, lossy]);

        Assert.Equal(
            ["greengrass-outage", "greengrass-outage (links.wifi-basement.loss=0.2)", "greengrass-outage (links.wifi-basement.loss=0.3)"],
            scenarios.Select(scenario => scenario.Scenario));
        Assert.Equal(lossy.Settings, RunReport.FromJson(lossy.ToJson()).Settings);
        Assert.Empty(RunReport.FromJson(plain.ToJson().Replace("\"settings\": [],", "", StringComparison.Ordinal)).Settings);
    }

    [Fact]
    public void Summary_is_written_as_markdown_and_well_formed_html_with_every_scenario_path_and_target()
    {
        var runs = new List<RunReport>
        {
            SampleRuns.GreengrassOutage(2),
            SampleRuns.GreengrassOutage(1),
            SampleRuns.GreengrassOutage(3, "internet-outage"),
            SampleRuns.Empty(),
        };

        var written = SweepReport.Write(runs, _temp.Path);

        Assert.Equal(
            ["summary.md", "summary.html", "summary-charts/greengrass-outage-latency.png", "summary-charts/internet-outage-latency.png"],
            written.Select(path => Path.GetRelativePath(_temp.Path, path).Replace('\\', '/')));
        var page = Xhtml.Load(written[1]);
        var figures = page.Descendants(Xhtml.Html + "figure").ToList();
        Assert.Equal(2, figures.Count);
        Assert.All(figures, figure => Assert.Single(figure.Elements(Xhtml.Svg + "svg")));
        Assert.All(written.Skip(2), png => Assert.Equal(0x89, File.ReadAllBytes(png)[0]));
        var markdown = File.ReadAllText(written[0]);
        Assert.Contains("4 runs: 1 pass (0 of them with failures their scenario expects), 3 fail unexpectedly.", markdown, StringComparison.Ordinal);
        var overview = MarkdownTables.WithHeader(markdown, "Scenario", "Seeds", "Runs", "Passed", "Converged", "Wall time");
        Assert.Equal(["greengrass-outage", "idle-hotel", "internet-outage"], overview.Rows.Select(row => row[0]));
        Assert.Equal(["1, 2", "2", "0/2", "2/2"], overview.Rows[0].Skip(1).Take(4));
        foreach (var scenario in new[] { "greengrass-outage", "internet-outage", "idle-hotel" })
        {
            Assert.Contains($"## {scenario}\n", markdown, StringComparison.Ordinal);
            Assert.Contains(page.Descendants(Xhtml.Html + "h2"), heading => heading.Value.StartsWith(scenario, StringComparison.Ordinal));
        }

        var latencyTables = MarkdownTables.All(markdown).Where(table => table.Header.SequenceEqual(["Path", "Runs", "p50", "p99", "Max"])).ToList();
        Assert.Equal(2, latencyTables.Count);
        Assert.All(latencyTables, table => Assert.Equal(4, table.Rows.Count));
        var cloudRows = page.Descendants(Xhtml.Html + "tr").Where(row => row.Value.StartsWith("latency.cloud", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cloudRows.Count);
        var failures = cloudRows[0].Descendants(Xhtml.Html + "span").Single(span => (string?)span.Attribute("class") == "badge fail");
        Assert.Equal("2", failures.Value);
        Assert.Equal("failed", (string?)cloudRows[0].Attribute("class"));
    }

    [Fact]
    public void A_sweep_of_no_runs_still_writes_a_summary()
    {
        var written = SweepReport.Write([], _temp.Path);

        Assert.Equal(2, written.Count);
        Assert.Contains("0 scenarios, 0 runs", File.ReadAllText(written[0]), StringComparison.Ordinal);
        Xhtml.Load(written[1]);
    }

    [Fact]
    public void A_sweep_counts_runs_that_pass_with_expected_failures_apart_from_unexpected_failures()
    {
        var sample = SampleRuns.GreengrassOutage(1);
        var declared = sample with
        {
            Targets = sample.Targets.Select(target => target.Verdict == TargetVerdict.Fail ? target with { Verdict = TargetVerdict.ExpectedFail, FailureExpectedBecause = "batches" } : target).ToList(),
            Convergence = sample.Convergence with { Converged = true },
        };
        var unexpected = declared with { Seed = 2, Targets = [declared.Targets[0] with { Verdict = TargetVerdict.UnexpectedPass }] };

        var written = SweepReport.Write([declared, unexpected], _temp.Path);

        var markdown = File.ReadAllText(written[0]);
        Assert.Contains("2 runs: 1 pass (1 of them with failures their scenario expects), 1 fail unexpectedly.", markdown, StringComparison.Ordinal);
        var sweep = Assert.Single(ScenarioSweep.Of([declared, unexpected]));
        Assert.Equal(1, sweep.PassedWithExpectedFailures);
        var failedTarget = sweep.Targets.Single(target => target.Id == declared.Targets.First(each => each.Verdict == TargetVerdict.ExpectedFail).Id);
        Assert.Equal(1, failedTarget.ExpectedFailures);
    }

    [Fact]
    public void A_sweep_with_a_varied_value_plots_each_target_against_it_with_its_limit()
    {
        var runs = new[] { "0%", "0.5%", "1%" }
            .SelectMany((loss, index) => new ulong[] { 1, 2 }.Select(seed => SampleRuns.GreengrassOutage(seed) with
            {
                Settings = [$"links.dsl.loss={loss}"],
                Targets = SampleRuns.GreengrassOutage(seed).Targets.Select(target => target.Id == "latency.greengrass-lan" ? target with { Measured = 20 + (index * 20) + (double)seed } : target).ToList(),
            }))
            .ToList();

        var written = SweepReport.Write(runs, _temp.Path);

        var chart = Assert.Single(Hospitality.Reports.Charts.SweepTargetChart.Build(runs, new Hospitality.Reports.Charts.ChartNames()), each => each.Name == "vary-greengrass-outage-latency-greengrass-lan");
        var median = chart.Model.Series.OfType<OxyPlot.Series.LineSeries>().Single(series => series is not OxyPlot.Series.AreaSeries);
        Assert.Equal([(0, 21.5), (0.5, 41.5), (1, 61.5)], median.Points.Select(point => (point.X, point.Y)));
        var band = chart.Model.Series.OfType<OxyPlot.Series.AreaSeries>().Single();
        Assert.Equal([21.0, 41, 61], band.Points2.Select(point => point.Y));
        Assert.Equal(50, chart.Model.Annotations.OfType<OxyPlot.Annotations.LineAnnotation>().Single().Y);
        var markdown = File.ReadAllText(Path.Combine(_temp.Path, SweepReport.MarkdownFile));
        Assert.Contains("## Targets against the varied value", markdown);
        Assert.Contains("](summary-charts/vary-greengrass-outage-latency-greengrass-lan.png)", markdown);
        Assert.Contains(written, path => path.EndsWith("vary-greengrass-outage-latency-greengrass-lan.png", StringComparison.Ordinal));
        var varied = Xhtml.Load(written[1]).Descendants(Xhtml.Html + "section").Single(section => (string?)section.Attribute("id") == "varied");
        Assert.Contains(varied.Descendants(Xhtml.Html + "figure"), figure => figure.Elements(Xhtml.Svg + "svg").Count() == 1);
    }

    [Theory]
    [InlineData(new[] { "0%", "0.5%", "2%" }, new[] { 0, 0.5, 2 }, "%")]
    [InlineData(new[] { "0", "0.5%" }, new[] { 0, 0.5 }, "%")]
    [InlineData(new[] { "500ms", "2s" }, new[] { 500.0, 2000 }, "ms")]
    [InlineData(new[] { "6", "12" }, new[] { 6.0, 12 }, "")]
    public void Varied_values_read_on_one_scale(string[] values, double[] numbers, string unit)
    {
        var scale = VariedValue.Of(values);
        Assert.Equal(unit, scale!.Value.Unit);
        Assert.Equal(numbers, scale.Value.Numbers);
    }
}
