using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Cli;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-compare-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A link made 100 ms slower pushes device→device through the Greengrass over its 50 ms target: compare says so and exits 1.</summary>
    [Fact]
    public void Compare_puts_two_runs_side_by_side_and_exits_1_on_a_regressed_target()
    {
        BasementScenario.WriteTo(_directory);
        Assert.Equal(0, Hsim.Run(_directory, "run", "basement.yaml", "--out", "fast", "--json").ExitCode);
        Assert.Equal(1, Hsim.Run(_directory, "run", "basement.yaml", "--out", "slow", "--json", "--set", "links.wifi-basement.latency=100ms").ExitCode);

        var (exitCode, output, errors) = Hsim.Run(_directory, "compare", "fast", "slow/run.json", "--out", "compare.md");
        var same = Hsim.Run(_directory, "compare", "fast/run.json", "fast");
        var missing = Hsim.Run(_directory, "compare", "fast", "nowhere");

        Assert.True(exitCode == 1, output + errors);
        Assert.Contains("| scenario | basement | basement (links.wifi-basement.latency=100ms) |", output);
        Assert.Contains("**Regressed: latency.greengrass-lan**", output);
        Assert.Equal(output, File.ReadAllText(Path.Combine(_directory, "compare.md")));
        Assert.Equal(0, same.ExitCode);
        Assert.Contains("(the same run)", same.Output);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no run.json or folder at nowhere", missing.Errors);
    }

    /// <summary>Two scenario files: compare runs both on the seeds as child processes, then writes one report with bytes, heals and overlaid charts.</summary>
    [Fact]
    public void Compare_of_two_scenario_files_runs_both_on_the_seeds_and_reports_bytes_heals_and_overlaid_charts()
    {
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "targets.yaml"));
        const string hotel = """
            name: NAME
            duration: 10m
            seeds: [1]
            properties:
              - name: inn
                greengrass: GREENGRASS
                devices:
                  - { kind: front-desk, count: 2, link: lan }
                  - { kind: housekeeping, count: 2, link: wifi }
            workload: { rooms: 80, start: "09:00" }
            faults:
              - { kind: device-crash, property: inn, device-kind: housekeeping, devices: 1, at: 2m, for: 1m }
            targets: [latency.greengrass-lan, latency.cloud-wifi]
            """;
        File.WriteAllText(Path.Combine(_directory, "edge.yaml"), hotel.Replace("NAME", "edge", StringComparison.Ordinal).Replace("GREENGRASS", "true", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_directory, "cloud.yaml"), hotel.Replace("NAME", "cloud", StringComparison.Ordinal).Replace("GREENGRASS", "false", StringComparison.Ordinal));

        var (exitCode, output, errors) = Hsim.Run(_directory, "compare", "cloud.yaml", "edge.yaml", "--seeds", "1..2", "--parallel", "2", "--runs", "out");
        var badSeeds = Hsim.Run(_directory, "compare", "cloud.yaml", "edge.yaml", "--seeds", "two");
        var badFile = Hsim.Run(_directory, "compare", "cloud.yaml", "nowhere.yaml");

        Assert.True(exitCode is 0 or 1, output + errors);
        Assert.Contains("| runs (seeds) | 2 (1, 2) | 2 (1, 2) |", output);
        Assert.Contains("## Bytes per device per day", output);
        Assert.Contains("## Convergence after each heal", output);
        Assert.Contains("| DeviceCrash inn x1 housekeeping at 00:02:00 for 00:01:00 | 2 | 2 |", output);
        Assert.Contains("| latency.greengrass-lan | 20-50 ms |", output);
        Assert.Contains("![", output);
        Assert.True(File.Exists(Path.Combine(_directory, "out", "compare-charts", "latency-cdf.png")));
        Assert.True(File.Exists(Path.Combine(_directory, "out", "compare-charts", "targets.png")));
        Assert.True(File.Exists(Path.Combine(_directory, "out", "before", "cloud", "seed-2", "run.json")));
        Assert.True(File.Exists(Path.Combine(_directory, "out", "after", "edge", "seed-1", "run.json")));
        Assert.Equal(output, File.ReadAllText(Path.Combine(_directory, "out", "compare.md")));
        Assert.Equal(2, badSeeds.ExitCode);
        Assert.Contains("--seeds 'two' is not N or A..B", badSeeds.Errors);
        Assert.Equal(2, badFile.ExitCode);
        Assert.Contains("nowhere.yaml is not a scenario file", badFile.Errors);
    }
}
