using Hospitality.Sim.Cli;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Cli;

public sealed class SweepCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-sweep-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// The README's <c>sweep scenarios/*.yaml</c>: the pattern reaches hsim unexpanded here (no shell),
    /// and the targets file it matches is skipped with a notice instead of failing the sweep.
    /// </summary>
    [Fact]
    public void Sweep_skips_a_targets_file_in_a_glob_with_a_notice()
    {
        var scenarios = Path.Combine(_directory, "scenarios");
        Directory.CreateDirectory(scenarios);
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(scenarios, "targets.yaml"));
        File.WriteAllText(Path.Combine(scenarios, "tiny.yaml"), """
            name: tiny
            duration: 1m
            properties:
              - name: inn
                devices: [{ kind: front-desk, count: 2, link: lan }]
            """);

        var (exitCode, output, errors) = Hsim.Run(_directory, "sweep", "scenarios/*.yaml", "--seeds", "1", "--parallel", "1", "--out", "out");

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("hsim: skipping scenarios/targets.yaml: a list of targets, not a scenario", output);
        Assert.True(File.Exists(Path.Combine(_directory, "out", "tiny", "seed-1", "run.json")), output);
        Assert.False(Directory.Exists(Path.Combine(_directory, "out", "targets")));
        Assert.Contains("### Conflicts", File.ReadAllText(Path.Combine(_directory, "out", "summary.md")));
        Assert.Contains("\"conflicts\"", File.ReadAllText(Path.Combine(_directory, "out", "tiny", "seed-1", "run.json")));
    }

    [Fact]
    public void Sweep_refuses_a_pattern_that_matches_nothing()
    {
        var (exitCode, _, errors) = Hsim.Run(_directory, "sweep", "nowhere/*.yaml");

        Assert.Equal(2, exitCode);
        Assert.Contains("no scenario file matches 'nowhere/*.yaml'", errors);
    }

    /// <summary>
    /// <c>--vary</c> runs each combination of values for each seed, each in a folder of its own, and the summary keeps
    /// them apart; every run.json records its settings, so <c>repro</c> replays the same variant.
    /// </summary>
    [Fact]
    public void Sweep_varies_a_link_value_per_run_and_repro_replays_the_variant()
    {
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "targets.yaml"));
        File.WriteAllText(Path.Combine(_directory, "basement.yaml"), """
            name: basement
            duration: 2m
            links:
              - { name: wifi-basement, base: wifi, loss: 0.03 }
            properties:
              - name: inn
                devices: [{ kind: housekeeping, count: 2, link: wifi-basement }]
            """);

        var (exitCode, output, errors) = Hsim.Run(_directory, "sweep", "basement.yaml", "--seeds", "1", "--parallel", "1", "--out", "out", "--vary", "links.wifi-basement.loss=0,0.2");

        Assert.True(exitCode == 0, output + errors);
        var low = Hospitality.Reports.Model.RunReport.FromJson(File.ReadAllText(Path.Combine(_directory, "out", "basement", "loss=0", "seed-1", "run.json")));
        var high = Hospitality.Reports.Model.RunReport.FromJson(File.ReadAllText(Path.Combine(_directory, "out", "basement", "loss=0.2", "seed-1", "run.json")));
        Assert.Equal(["links.wifi-basement.loss=0.2"], high.Settings);
        Assert.NotEqual(low.TraceHash, high.TraceHash);
        var summary = File.ReadAllText(Path.Combine(_directory, "out", "summary.md"));
        Assert.Contains("basement (links.wifi-basement.loss=0)", summary);
        Assert.Contains("basement (links.wifi-basement.loss=0.2)", summary);

        var replay = Hsim.Run(_directory, "repro", Path.Combine("out", "basement", "loss=0.2", "seed-1", "run.json"));
        Assert.True(replay.ExitCode == 0, replay.Output + replay.Errors);
        Assert.Contains($"basement (links.wifi-basement.loss=0.2) seed 1: trace {high.TraceHash} matches", replay.Output);
    }

    [Fact]
    public void Sweep_refuses_a_vary_whose_path_leads_nowhere_before_any_run()
    {
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "targets.yaml"));
        File.WriteAllText(Path.Combine(_directory, "inn.yaml"), "name: inn\nduration: 1m\nproperties: [{ name: inn, devices: [{ kind: manager, count: 2 }] }]\n");

        var (exitCode, output, errors) = Hsim.Run(_directory, "sweep", "inn.yaml", "--out", "out", "--vary", "links.attic.loss=0.1,0.2");
        var (badFormat, _, formatErrors) = Hsim.Run(_directory, "sweep", "inn.yaml", "--out", "out", "--vary", "workload.rooms=");

        Assert.Equal(2, exitCode);
        Assert.Contains("inn.yaml:1:1: --set links.attic.loss=0.1: the file has no 'links'", errors);
        Assert.False(Directory.Exists(Path.Combine(_directory, "out")), output);
        Assert.Equal(2, badFormat);
        Assert.Contains("must be PATH=V1,V2", formatErrors);
    }

    [Theory]
    [InlineData("0%..2%:0.5%", "0%,0.5%,1%,1.5%,2%")]
    [InlineData("1ms..61ms#4", "1ms,21ms,41ms,61ms")]
    [InlineData("12..4:4", "12,8,4")]
    [InlineData("0..0.3:0.1", "0,0.1,0.2,0.3")]
    [InlineData("5m..20m:5m", "5m,10m,15m,20m")]
    [InlineData("2..8#4", "2,4,6,8")]
    [InlineData("0%..5%:2%", null)]
    [InlineData("0%..5ms:1%", null)]
    [InlineData("0..1000:1", null)]
    [InlineData("0..1#1", null)]
    public void A_vary_range_expands_to_its_values_or_is_refused(string range, string? values) =>
        Assert.Equal(values?.Split(','), Variations.Expand(range));

    /// <summary>A range in --vary runs each of its values, and the summary plots each target against the varied value.</summary>
    [Fact]
    public void Sweep_runs_a_vary_range_and_plots_each_target_against_the_varied_value()
    {
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "targets.yaml"));
        File.WriteAllText(Path.Combine(_directory, "inn.yaml"), """
            name: inn
            duration: 10m
            properties:
              - name: inn
                devices: [{ kind: front-desk, count: 2, link: lan }, { kind: housekeeping, count: 2, link: wifi }]
            workload: { rooms: 80, start: "09:00" }
            targets: [latency.greengrass-lan]
            """);

        var (exitCode, output, errors) = Hsim.Run(_directory, "sweep", "inn.yaml", "--seeds", "1..2", "--parallel", "2", "--out", "out", "--vary", "properties.inn.devices.1.count=2..6:2");
        var bad = Hsim.Run(_directory, "sweep", "inn.yaml", "--out", "bad", "--vary", "properties.inn.devices.1.count=2..6:5");

        Assert.True(exitCode == 0, output + errors);
        Assert.True(File.Exists(Path.Combine(_directory, "out", "inn", "count=6", "seed-2", "run.json")), output);
        Assert.Contains("](summary-charts/vary-inn-latency-greengrass-lan.png)", File.ReadAllText(Path.Combine(_directory, "out", "summary.md")));
        Assert.True(File.Exists(Path.Combine(_directory, "out", "summary-charts", "vary-inn-latency-greengrass-lan.png")));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("the range '2..6:5' must be A..B:STEP or A..B#COUNT", bad.Errors);
    }
}
