using Hospitality.Reports.Model;
using Hospitality.Sim.Scenarios;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>A scenario anywhere is judged against --targets, else the nearest targets file, else the documented targets, and says which.</summary>
public sealed class TargetsOptionTests : IDisposable
{
    private const string Inn = """
        name: inn
        duration: 10m
        properties:
          - name: inn
            devices: [{ kind: front-desk, count: 2, link: lan }, { kind: housekeeping, count: 2, link: wifi }]
        workload: { rooms: 80, start: "09:00" }
        targets: [latency.greengrass-lan]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-targets-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_scenario_with_no_targets_file_near_it_is_judged_against_the_embedded_documented_targets()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "elsewhere"));
        File.WriteAllText(Path.Combine(_directory, "elsewhere", "inn.yaml"), Inn);

        var (exitCode, output, errors) = Hsim.Run(_directory, "run", "elsewhere/inn.yaml", "--out", "out");

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("judged against embedded:targets.yaml", output);
        Assert.Equal(EmbeddedFiles.TargetsName, Read("out").TargetsFile);
    }

    [Fact]
    public void A_scenario_below_a_repository_is_judged_against_its_scenarios_targets_file()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "scenarios"));
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "scenarios", "targets.yaml"));
        Directory.CreateDirectory(Path.Combine(_directory, "team", "what-ifs"));
        File.WriteAllText(Path.Combine(_directory, "team", "what-ifs", "inn.yaml"), Inn);

        var (exitCode, output, errors) = Hsim.Run(Path.Combine(_directory, "team"), "run", "what-ifs/inn.yaml", "--out", "out", "--json");

        Assert.True(exitCode == 0, output + errors);
        Assert.Equal(Path.Combine("..", "scenarios", "targets.yaml"), Read(Path.Combine("team", "out")).TargetsFile);
    }

    /// <summary>--targets wins over a targets.yaml beside the scenario: its limit, not the documented one, decides.</summary>
    [Fact]
    public void Targets_option_judges_against_the_file_given_and_a_stricter_limit_fails_the_run()
    {
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "targets.yaml"));
        File.WriteAllText(Path.Combine(_directory, "inn.yaml"), Inn);
        File.WriteAllText(Path.Combine(_directory, "strict.yaml"), """
            targets:
              - { id: latency.greengrass-lan, source: ours, description: strict, expected: "< 0.001 ms", limit: 0.000001, unit: ms, metric: "path-p50:device→device" }
            """);

        var beside = Hsim.Run(_directory, "run", "inn.yaml", "--out", "beside");
        var strict = Hsim.Run(_directory, "run", "inn.yaml", "--out", "strict", "--targets", "strict.yaml");
        var missing = Hsim.Run(_directory, "run", "inn.yaml", "--out", "missing", "--targets", "nowhere.yaml");

        Assert.True(beside.ExitCode == 0, beside.Output + beside.Errors);
        Assert.Contains("judged against targets.yaml", beside.Output);
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("judged against strict.yaml", strict.Output);
        Assert.Equal(TargetVerdict.Fail, Read("strict").Targets.Single().Verdict);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nowhere.yaml", missing.Errors);
    }

    [Fact]
    public void Sweep_passes_targets_to_every_run()
    {
        File.WriteAllText(Path.Combine(_directory, "inn.yaml"), Inn);
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "mine.yaml"));

        var (exitCode, output, errors) = Hsim.Run(_directory, "sweep", "inn.yaml", "--seeds", "1..2", "--parallel", "1", "--out", "out", "--targets", "mine.yaml");

        Assert.True(exitCode == 0, output + errors);
        Assert.All(new[] { 1, 2 }, seed => Assert.EndsWith("mine.yaml", Read(Path.Combine("out", "inn", $"seed-{seed}")).TargetsFile, StringComparison.Ordinal));
    }

    private RunReport Read(string folder) => RunReport.FromJson(File.ReadAllText(Path.Combine(_directory, folder, "run.json")));
}
