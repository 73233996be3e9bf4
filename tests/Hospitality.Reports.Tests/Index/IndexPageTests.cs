using Hospitality.Reports.Index;

namespace Hospitality.Reports.Tests.Index;

public sealed class IndexPageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Index_links_every_report_with_its_verdict_in_the_order_given()
    {
        var entries = new[]
        {
            IndexEntry.Of(SampleRuns.GreengrassOutage(1), "greengrass-outage\\seed-1\\report.html"),
            IndexEntry.Of(SampleRuns.Empty(), "idle-hotel/seed-1/report.html"),
        };

        var path = IndexPage.Write(_temp.Path, entries, "summary.html");

        var page = Xhtml.Load(path);
        var links = page.Descendants(Xhtml.Html + "a").Select(link => (string?)link.Attribute("href")).ToList();
        Assert.Equal(["summary.html", "greengrass-outage/seed-1/report.html", "idle-hotel/seed-1/report.html"], links);
        var failed = Xhtml.RowContaining(page, "greengrass-outage · seed 1");
        Assert.Equal("failed", (string?)failed.Attribute("class"));
        Assert.Contains("4/6 pass", failed.Value, StringComparison.Ordinal);
        var passed = Xhtml.RowContaining(page, "idle-hotel · seed 1");
        Assert.Null(passed.Attribute("class"));
        Assert.Contains("PASS", passed.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebuild_rewrites_every_run_under_a_directory_and_writes_the_index_and_summary()
    {
        foreach (var seed in new ulong[] { 2, 1 })
        {
            ReportWriter.WriteRun(SampleRuns.GreengrassOutage(seed), _temp.Sub($"greengrass-outage/seed-{seed}"));
        }

        var idle = _temp.Sub("idle-hotel/seed-1");
        ReportWriter.WriteRun(SampleRuns.Empty(), idle);
        File.Delete(Path.Combine(idle, "report.html"));
        Directory.CreateDirectory(_temp.Sub("broken"));
        File.WriteAllText(_temp.Sub("broken/run.json"), "{ \"scenario\": ");

        var result = ReportDirectory.Rebuild(_temp.Path);

        Assert.Equal(["greengrass-outage", "greengrass-outage", "idle-hotel"], result.Runs.Select(run => run.Scenario));
        Assert.Equal([1UL, 2UL, 1UL], result.Runs.Select(run => run.Seed));
        Assert.Equal("broken/run.json", Assert.Single(result.Unreadable).RelativePath);
        Assert.False(result.Passed);
        Assert.True(File.Exists(Path.Combine(idle, "report.html")), "the deleted report was not rewritten");
        Assert.True(File.Exists(_temp.Sub("summary.md")));
        Assert.Contains(Path.Combine(_temp.Path, "index.html"), result.Written);

        var index = Xhtml.Load(_temp.Sub("index.html"));
        var links = index.Descendants(Xhtml.Html + "a").Select(link => (string?)link.Attribute("href")).ToList();
        Assert.Equal(
            ["summary.html", "greengrass-outage/seed-1/report.html", "greengrass-outage/seed-2/report.html", "idle-hotel/seed-1/report.html"],
            links);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(_temp.Path, link!)), $"{link} is linked but missing"));
        Assert.Contains("broken/run.json", Xhtml.RowContaining(index, "broken/run.json").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebuilding_twice_gives_the_same_bytes()
    {
        ReportWriter.WriteRun(SampleRuns.GreengrassOutage(3), _temp.Sub("a/seed-3"));
        ReportWriter.WriteRun(SampleRuns.Empty(), _temp.Sub("b/seed-1"));

        var first = ReportDirectory.Rebuild(_temp.Path).Written.ToDictionary(path => path, File.ReadAllBytes);
        var second = ReportDirectory.Rebuild(_temp.Path).Written;

        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), second.Order(StringComparer.Ordinal));
        Assert.All(second, path => Assert.True(first[path].AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{path} changed"));
    }

    [Fact]
    public void Rebuild_of_a_missing_directory_says_so() =>
        Assert.Throws<DirectoryNotFoundException>(() => ReportDirectory.Rebuild(_temp.Sub("nowhere")));
}
