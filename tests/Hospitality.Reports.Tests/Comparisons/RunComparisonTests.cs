using Hospitality.Reports.Comparisons;
using Hospitality.Reports.Model;

namespace Hospitality.Reports.Tests.Comparisons;

public sealed class RunComparisonTests
{
    [Fact]
    public void A_target_within_its_limit_before_and_over_it_after_is_a_regression_and_one_fixed_an_improvement()
    {
        var before = new[] { SampleRuns.GreengrassOutage(1), SampleRuns.GreengrassOutage(2) };
        var after = before.Select(run => run with
        {
            Settings = ["links.wifi.loss=0.2"],
            Targets = run.Targets.Select(target => target.Id switch
            {
                "latency.greengrass-lan" => target with { Measured = 80, Verdict = TargetVerdict.Fail },
                "latency.cloud" => target with { Measured = 150, Verdict = TargetVerdict.Pass },
                _ => target,
            }).ToList(),
        }).ToList();

        var comparison = RunComparison.Of("before", before, "after", after);

        Assert.True(comparison.Regressed);
        var lan = comparison.Targets.Single(target => target.Id == "latency.greengrass-lan");
        Assert.True(lan.Regressed);
        Assert.Equal((2, 0, 0, 2), (lan.Before.Within, lan.Before.Over, lan.After.Within, lan.After.Over));
        Assert.Equal(80, lan.After.Measured!.Value.Median);
        Assert.True(comparison.Targets.Single(target => target.Id == "latency.cloud").Improved);
        var p2p = comparison.Targets.Single(target => target.Id == "latency.webrtc-p2p");
        Assert.False(p2p.Regressed || p2p.Improved);
        Assert.Equal("greengrass-outage (links.wifi.loss=0.2)", comparison.Sides[1].Variant);

        var markdown = ComparisonMarkdown.Render(comparison);
        Assert.Contains("**Regressed: latency.greengrass-lan**; improved: latency.cloud.", markdown);
        Assert.Contains("| latency.greengrass-lan | < 50 ms |", markdown);
        Assert.Contains("| 0 of 2 | REGRESSED |", markdown);
        Assert.Contains("| not measured | not measured |", markdown);
    }

    [Fact]
    public void The_same_run_on_both_sides_changes_nothing_and_says_so()
    {
        var run = SampleRuns.GreengrassOutage(7);

        var comparison = RunComparison.Of("a/run.json", [run], "b/run.json", [run]);

        Assert.False(comparison.Regressed);
        Assert.DoesNotContain(comparison.Targets, target => target.Regressed || target.Improved);
        var markdown = ComparisonMarkdown.Render(comparison);
        Assert.Contains($"`{run.TraceHash}` (the same run)", markdown);
        Assert.Contains("No target regressed.", markdown);
        Assert.All(comparison.Paths, path => Assert.Equal(path.Before, path.After));
    }

    [Fact]
    public void A_comparison_lists_bytes_per_device_and_heal_times_on_both_sides_and_overlays_both_in_its_charts()
    {
        var before = new[] { SampleRuns.GreengrassOutage(1), SampleRuns.GreengrassOutage(2) };
        var after = new[] { SampleRuns.GreengrassOutage(3) };

        var comparison = RunComparison.Of("before", before, "after", after);
        var markdown = ComparisonMarkdown.Render(comparison);
        using var directory = new TempDirectory();
        var images = ComparisonCharts.Write(comparison, before, after, directory.Path);

        Assert.Equal(before[0].Bandwidth.Count, comparison.Bandwidth.Count);
        var partition = comparison.Heals.Single(heal => heal.Fault == "partition: wing B Wi-Fi");
        Assert.Equal((2, 2, 1, 1), (partition.Before.Heals, partition.Before.NotConverged, partition.After.Heals, partition.After.NotConverged));
        Assert.Contains("## Bytes per device per day", markdown);
        Assert.Contains("| partition: wing B Wi-Fi | 2 (2 not converged) | 1 (1 not converged) | - | - | - |", markdown);
        Assert.Contains("](compare-charts/latency-cdf.png)", images);
        Assert.Contains("](compare-charts/targets.png)", images);
        Assert.True(new FileInfo(System.IO.Path.Combine(directory.Path, "compare-charts", "targets.png")).Length > 1_000);
    }
}
