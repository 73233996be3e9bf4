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
    }

    [Fact]
    public void Sweep_refuses_a_pattern_that_matches_nothing()
    {
        var (exitCode, _, errors) = Hsim.Run(_directory, "sweep", "nowhere/*.yaml");

        Assert.Equal(2, exitCode);
        Assert.Contains("no scenario file matches 'nowhere/*.yaml'", errors);
    }
}
