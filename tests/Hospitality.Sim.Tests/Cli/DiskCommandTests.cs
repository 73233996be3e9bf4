using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sim.Cli.Disk;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>hsim disk: the engine's commits timed on a real disk, printed as a scenario's disk: block.</summary>
public sealed class DiskCommandTests : IDisposable
{
    private const string Hotel = """
        name: measured
        duration: 5m
        properties:
          - name: hotel
            devices:
              - { kind: front-desk, count: 2, link: lan }
        targets: [latency.greengrass-lan]

        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("hsim-disk-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void It_times_commits_on_the_folder_given_and_prints_a_disk_a_scenario_reads_back()
    {
        var (exitCode, output, errors) = Hsim.Run(_directory.FullName, "disk", "--folder", _directory.FullName, "--for", "2s", "--every", "20ms");

        Assert.True(exitCode == 0, errors);
        var block = output[output.IndexOf("disk:", StringComparison.Ordinal)..];
        var disk = ScenarioReader.Parse(Hotel + block, "measured.yaml").Disk;
        Assert.NotNull(disk);
        Assert.True(disk.Median > TimeSpan.Zero && disk.Median < TimeSpan.FromSeconds(1), disk.ToString());
        Assert.Empty(_directory.GetFiles()); // the probe's store is removed
    }

    [Theory]
    [InlineData("--for 3x", "--for '3x' must be a duration")]
    [InlineData("--every 0ms", "--every '0ms' must be a duration")]
    [InlineData("--folder /nonexistent/hsim", "does not exist")]
    public void Bad_options_exit_2_and_say_what_is_allowed(string arguments, string message)
    {
        var (exitCode, _, errors) = Hsim.Run(_directory.FullName, ["disk", .. arguments.Split(' ')]);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disks_few_stalls_are_drawn_about_as_often_as_the_probe_measured_them()
    {
        // 1,000 commits: 990 quick, 8 at 2 ms, 2 stalls of 70 ms (0.2 %). With only p99 and p99.9 given, a straight
        // line from 2 to 70 ms drew a stall of 10 ms or more for about 0.8 % of commits, four times the measured rate.
        double[] sorted = [.. Enumerable.Repeat(0.5, 990), .. Enumerable.Repeat(2.0, 8), 70, 70];
        var disk = DiskProbe.Profile(sorted);
        var random = new SimRandom(3);

        var stalls = Enumerable.Range(0, 200_000).Count(_ => disk.Fsync(random) >= TimeSpan.FromMilliseconds(10)) / 200_000.0;

        Assert.InRange(stalls, 0.002, 0.005);
    }

    [Property]
    public Property Any_measured_commit_times_print_as_a_disk_that_reads_back_unchanged(NonEmptyArray<PositiveInt> micros, PositiveInt extra)
    {
        var sorted = micros.Get.Select(value => value.Get / 1000.0).Append(extra.Get / 1000.0).Order().ToArray();
        var disk = DiskProbe.Profile(sorted);
        var read = ScenarioReader.Parse(Hotel + DiskProbe.AsYaml(disk), "measured.yaml").Disk!;
        return read.Points.Select(point => (point.Quantile, Math.Round(point.Fsync.TotalMilliseconds, 3)))
            .SequenceEqual(disk.Points.Select(point => (point.Quantile, Math.Round(point.Fsync.TotalMilliseconds, 3))))
            .ToProperty();
    }
}
