using System.Text.Json.Nodes;
using Hospitality.Reports.Model;
using Hospitality.Reports.Sweeps;

namespace Hospitality.Reports.Tests.Conflicts;

public sealed class ConflictReportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Report_shows_how_many_conflicts_how_each_resolved_the_skew_and_the_log_sample()
    {
        var directory = _temp.Sub("run");

        ReportWriter.WriteRun(SampleRuns.GreengrassOutage(seed: 5), directory);

        var markdown = File.ReadAllText(Path.Combine(directory, ReportWriter.MarkdownFile));
        Assert.Contains("## Conflicts", markdown);
        Assert.Contains("12 concurrent writes resolved: 9 by HLC wall time, 2 by HLC counter, 1 by node-id tie-break; largest clock skew 8 min.", markdown);
        Assert.Contains("| 0:24:22 | rooms/p1-room-104 | `001767227062436:00000:tablet-8` | `001767227062436:00000:tablet-7` | node-id-tie-break | tablet-7 |", markdown);
        var page = Xhtml.Load(Path.Combine(directory, ReportWriter.HtmlFile));
        var section = Assert.Single(page.Descendants(Xhtml.Html + "section"), each => (string?)each.Attribute("id") == "conflicts");
        Assert.Contains("largest clock skew 8 min", section.Value);
        Assert.Equal(4, section.Descendants(Xhtml.Html + "tr").Count()); // header and the three sampled conflicts
    }

    [Fact]
    public void Run_json_round_trips_the_conflicts()
    {
        var run = SampleRuns.GreengrassOutage();

        var read = RunReport.FromJson(run.ToJson());

        Assert.Equal(run.Conflicts! with { Sample = [] }, read.Conflicts! with { Sample = [] });
        Assert.Equal(run.Conflicts.Sample, read.Conflicts.Sample);
    }

    /// <summary>A run.json written before conflicts were recorded still reads, renders and joins a sweep.</summary>
    [Fact]
    public void An_older_run_json_without_conflicts_reads_renders_and_sweeps()
    {
        var json = JsonNode.Parse(SampleRuns.GreengrassOutage().ToJson())!.AsObject();
        json.Remove("conflicts");
        var directory = _temp.Sub("old");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ReportWriter.RunJsonFile), json.ToJsonString());

        var result = ReportDirectory.Rebuild(directory);

        Assert.Empty(result.Unreadable);
        Assert.Null(Assert.Single(result.Runs).Conflicts);
        Assert.Contains("Conflicts not recorded", File.ReadAllText(Path.Combine(directory, ReportWriter.MarkdownFile)));
        Assert.Null(Assert.Single(ScenarioSweep.Of(result.Runs)).Conflicts);
    }

    [Fact]
    public void Sweep_summary_gives_the_spread_of_conflicts_across_seeds()
    {
        var runs = Enumerable.Range(1, 5).Select(seed => SampleRuns.GreengrassOutage((ulong)seed)).ToList();

        var conflicts = Assert.Single(ScenarioSweep.Of(runs)).Conflicts!;
        SweepReport.Write(runs, _temp.Path);

        Assert.Equal(5, conflicts.Runs);
        Assert.Equal(new Spread(12, 14, 16, 5), conflicts.ConcurrentWrites);
        Assert.Equal(new Spread(1, 3, 5, 5), conflicts.ByNodeId);
        var markdown = File.ReadAllText(Path.Combine(_temp.Path, SweepReport.MarkdownFile));
        Assert.Contains("| Concurrent writes | 12 / 14 / 16 |", markdown);
        Assert.Contains("| won by node-id tie-break | 1 / 3 / 5 |", markdown);
        Assert.Contains("| Largest clock skew | 8 min |", markdown);
        Assert.Contains("won by node-id tie-break", Xhtml.Load(Path.Combine(_temp.Path, SweepReport.HtmlFile)).Root!.Value);
    }
}
