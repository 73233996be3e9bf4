using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Reports.Model;

namespace Hospitality.Reports.Tests.Runs;

public sealed class RunJsonPropertyTests
{
    [Property(MaxTest = 300)]
    public Property Run_json_round_trips_every_figure() =>
        Prop.ForAll(RunReports.Any.ToArbitrary(), report =>
        {
            var json = report.ToJson();
            var back = RunReport.FromJson(json);

            var same = back.ToJson() == json
                && back.Seed == report.Seed
                && back.Scenario == report.Scenario
                && back.WallSeconds.Equals(report.WallSeconds)
                && back.Paths.Count == report.Paths.Count
                && back.Paths.Zip(report.Paths).All(pair => pair.First.P999.Equals(pair.Second.P999) && pair.First.Cdf.Count == pair.Second.Cdf.Count)
                && back.Targets.Zip(report.Targets).All(pair => pair.First.Verdict == pair.Second.Verdict && Nullable.Equals(pair.First.Measured, pair.Second.Measured))
                && back.Heals.Zip(report.Heals).All(pair => Nullable.Equals(pair.First.ConvergedAfterSeconds, pair.Second.ConvergedAfterSeconds))
                && back.Hops.SequenceEqual(report.Hops)
                && back.Queues.SequenceEqual(report.Queues)
                && back.Passed == report.Passed;
            return same.Label(json.Length > 2_000 ? json[..2_000] : json);
        });

    [Fact]
    public void A_run_json_older_than_the_hop_and_queue_timings_reads_with_none()
    {
        var json = SampleRuns.GreengrassOutage().ToJson();
        var hops = json.IndexOf("\"hops\":", StringComparison.Ordinal);
        var cost = json.IndexOf("\"cost\":", StringComparison.Ordinal);
        Assert.True(hops > 0 && cost > hops, "run.json lists hops and queues before the cost");

        var old = RunReport.FromJson(json[..hops] + json[cost..]);

        Assert.Empty(old.Hops);
        Assert.Empty(old.Queues);
        Assert.Equal(SampleRuns.GreengrassOutage().Servers, old.Servers);
    }

    [Fact]
    public void Run_json_names_verdicts_in_kebab_case()
    {
        var json = SampleRuns.GreengrassOutage().ToJson();

        Assert.Contains("\"verdict\": \"not-measured\"", json, StringComparison.Ordinal);
        Assert.Contains("\"verdict\": \"fail\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"passed\"", json, StringComparison.Ordinal);
    }
}
