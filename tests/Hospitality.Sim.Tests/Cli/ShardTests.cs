using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Reports.Model;
using Hospitality.Sim.Cli;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>--shard K/N and --shards N with JOB_COMPLETION_INDEX split sweeps and checks; hsim report merges the shards back.</summary>
public sealed class ShardTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoJobIndex = new() { [Shard.CompletionIndexVariable] = null };

    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-shards-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Every item lands in exactly one of the N shards, and the shards together keep the list's order within each.</summary>
    [Property(MaxTest = 300)]
    public Property Shards_partition_a_run_list_disjointly_and_completely() =>
        Prop.ForAll(Gen.Choose(0, 300).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), (length, count) =>
        {
            var all = Enumerable.Range(0, length).ToList();
            var parts = Enumerable.Range(1, count).Select(number => new Shard(number, count).Take(all)).ToList();
            var merged = parts.SelectMany(part => part).Order().ToList();
            return merged.SequenceEqual(all)
                && parts.All(part => part.SequenceEqual(part.Order()))
                && parts.Max(part => part.Count) - parts.Min(part => part.Count) <= 1;
        });

    [Theory]
    [InlineData("2/4", null, null, "2/4")]
    [InlineData(null, 4, "0", "1/4")]
    [InlineData(null, 4, "3", "4/4")]
    [InlineData(null, null, "3", "1/1")]
    [InlineData("0/4", null, null, null)]
    [InlineData("5/4", null, null, null)]
    [InlineData("2", null, null, null)]
    [InlineData("2/4", 4, "1", null)]
    [InlineData(null, 4, null, null)]
    [InlineData(null, 4, "4", null)]
    [InlineData(null, 4, "-1", null)]
    [InlineData(null, 0, "0", null)]
    public void A_shard_comes_from_shard_or_from_shards_and_the_job_index(string? shard, int? shards, string? index, string? expected)
    {
        var errors = new StringWriter();

        var chosen = Shard.Choose(shard, shards, index, "check", errors);

        Assert.Equal(expected, chosen?.ToString());
        Assert.Equal(expected is null, errors.ToString().Length > 0);
    }

    /// <summary>
    /// Three shards of a check, one of them as a Kubernetes pod would run it, merged by hsim report, record exactly
    /// the trials of the unsharded check: the merged check.json files are byte for byte the same.
    /// </summary>
    [Fact]
    public void Merging_check_shards_gives_the_unsharded_checks_results()
    {
        var whole = Hsim.RunWith(_directory, NoJobIndex, "check", "--seeds", "1..6", "--max-devices", "4", "--out", "whole");
        var first = Hsim.RunWith(_directory, NoJobIndex, "check", "--seeds", "1..6", "--max-devices", "4", "--out", "sharded/one", "--shard", "1/3", "--junit", "sharded/one.xml");
        var second = Hsim.RunWith(_directory, new Dictionary<string, string?> { [Shard.CompletionIndexVariable] = "1" }, "check", "--seeds", "1..6", "--max-devices", "4", "--out", "sharded/two", "--shards", "3");
        var incomplete = Hsim.Run(_directory, "report", "sharded");
        var third = Hsim.RunWith(_directory, NoJobIndex, "check", "--seeds", "1..6", "--max-devices", "4", "--out", "sharded/three", "--shard", "3/3");

        Assert.True(whole.ExitCode == 0, whole.Output + whole.Errors);
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0 && third.ExitCode == 0, first.Output + second.Output + third.Output + second.Errors);
        Assert.Contains("seed 1: ", first.Output);
        Assert.Contains("seed 4: ", first.Output);
        Assert.DoesNotContain("seed 2: ", first.Output);
        Assert.Contains("seed 2: ", second.Output);
        Assert.Equal(1, incomplete.ExitCode);
        Assert.Contains("check: shard 3/3 missing", incomplete.Output);

        var merged = Hsim.Run(_directory, "report", "sharded");
        var unsharded = Hsim.Run(_directory, "report", "whole");

        Assert.True(merged.ExitCode == 0, merged.Output + merged.Errors);
        Assert.Contains("check: 3 of 3 shards, 6 trials, 6 passed, 0 failed", merged.Output);
        Assert.True(unsharded.ExitCode == 0, unsharded.Output + unsharded.Errors);
        Assert.Equal(File.ReadAllText(Path.Combine(_directory, "whole", ShardMerge.CheckFile)), File.ReadAllText(Path.Combine(_directory, "sharded", ShardMerge.CheckFile)));
        Assert.Equal(2, System.Xml.Linq.XDocument.Load(Path.Combine(_directory, "sharded", "one.xml")).Descendants("testcase").Count());
    }

    /// <summary>
    /// Two shards of a sweep into one shared --out (as pods on one volume), merged by hsim report: the same runs, with the
    /// same trace hashes and verdicts, as the unsharded sweep, and the same summary apart from wall-clock figures.
    /// </summary>
    [Fact]
    public void Merging_sweep_shards_gives_the_unsharded_sweeps_runs()
    {
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "targets.yaml"));
        File.WriteAllText(Path.Combine(_directory, "inn.yaml"), "name: inn\nduration: 3m\nproperties: [{ name: inn, devices: [{ kind: front-desk, count: 2, link: lan }] }]\n");
        File.WriteAllText(Path.Combine(_directory, "lodge.yaml"), "name: lodge\nduration: 3m\nproperties: [{ name: lodge, devices: [{ kind: manager, count: 2, link: wifi }] }]\n");
        string[] sweep = ["sweep", "inn.yaml", "lodge.yaml", "--seeds", "1..2", "--parallel", "2"];

        var whole = Hsim.RunWith(_directory, NoJobIndex, [.. sweep, "--out", "whole"]);
        var first = Hsim.RunWith(_directory, NoJobIndex, [.. sweep, "--out", "shared", "--shard", "1/2"]);
        var summaryByShard = File.Exists(Path.Combine(_directory, "shared", "summary.md"));
        var missingOne = Hsim.Run(_directory, "report", "shared");
        var second = Hsim.RunWith(_directory, NoJobIndex, [.. sweep, "--out", "shared", "--shard", "2/2"]);
        var merged = Hsim.Run(_directory, "report", "shared");

        Assert.True(whole.ExitCode == 0, whole.Output + whole.Errors);
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Output + first.Errors + second.Output + second.Errors);
        Assert.Contains("shard 1/2 of 4 runs: 2 passed", first.Output);
        Assert.False(summaryByShard, "a shard must not write the shared summary");
        Assert.Equal(1, missingOne.ExitCode);
        Assert.Contains("sweep: shard 2/2 missing", missingOne.Output);
        Assert.True(merged.ExitCode == 0, merged.Output + merged.Errors);
        Assert.Contains("sweep: 2 of 2 shards, 4 runs", merged.Output);
        Assert.Equal(Runs("whole"), Runs("shared"));
        Assert.Equal(WithoutWallTime("whole"), WithoutWallTime("shared"));
    }

    /// <summary>
    /// Whatever a shard record holds after hand-editing or a cut-off upload (truncated, characters changed, nulls,
    /// wrong types), the merge reports it as a problem and never throws.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property A_damaged_shard_record_is_reported_not_thrown() =>
        Prop.ForAll(Gen.Choose(0, 10_000).ToArbitrary(), Gen.Elements("null", "[null]", "-1", "\"x\"", "{}", "[", "1e999", "[[[[[[[[").ToArbitrary(), (cut, splice) =>
        {
            var valid = ShardRecord.ToJson(new ShardRecord("check", 1, 2, 4, ["1", "3"], [new TrialRecord(1, "seed 1: ...", true, "passed", 10, "00ff", "hsim check --seeds 1"), new TrialRecord(3, "seed 3: ...", false, "liveness: ...", 12, "0aff", "hsim check --seeds 3")]));
            var at = cut / 3 % valid.Length;
            var damaged = (cut % 3) switch
            {
                0 => valid[..at],
                1 => valid[..at] + splice + valid[Math.Min(valid.Length, at + 1)..],
                _ => valid.Replace("\"runs\": [", "\"runs\": " + splice + ", \"x\": [", StringComparison.Ordinal).Replace("\"trials\": [", "\"trials\": [" + splice + ",", StringComparison.Ordinal),
            };
            var root = Directory.CreateTempSubdirectory("hsim-shard-fuzz-").FullName;
            try
            {
                Directory.CreateDirectory(Path.Combine(root, ShardRecord.Folder));
                File.WriteAllText(Path.Combine(root, ShardRecord.Folder, "check-1-of-2.json"), damaged);
                var output = new StringWriter();
                var merged = ShardMerge.Report(root, output);
                return (merged == false).Label($"{damaged}{Environment.NewLine}{output}");
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        });

    private List<string> Runs(string folder) =>
        Directory.GetFiles(Path.Combine(_directory, folder), "run.json", SearchOption.AllDirectories)
            .Select(path => RunReport.FromJson(File.ReadAllText(path)))
            .Select(run => $"{run.Variant} {run.Seed} {run.TraceHash} {run.Passed} {string.Join(",", run.Targets.Select(target => target.Verdict))}")
            .Order(StringComparer.Ordinal)
            .ToList();

    // The overview's wall-time column is the machine's, not the runs': everything else must match.
    private List<string> WithoutWallTime(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(_directory, folder, "summary.md")).ToList();
        var header = lines.FindIndex(line => line.EndsWith("| Wall time |", StringComparison.Ordinal));
        Assert.True(header >= 0, "the summary has an overview with a wall-time column");
        for (var row = header; row < lines.Count && lines[row].StartsWith('|'); row++)
        {
            lines[row] = lines[row][..lines[row].TrimEnd('|').LastIndexOf('|')];
        }

        return lines;
    }
}
