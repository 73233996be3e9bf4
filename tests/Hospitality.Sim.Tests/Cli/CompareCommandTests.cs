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
        File.Copy(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"), Path.Combine(_directory, "targets.yaml"));
        File.WriteAllText(Path.Combine(_directory, "basement.yaml"), """
            name: basement
            duration: 10m
            links:
              - { name: wifi-basement, base: wifi }
            properties:
              - name: inn
                devices:
                  - { kind: front-desk, count: 2, link: lan }
                  - { kind: housekeeping, count: 3, link: wifi-basement }
            targets: [latency.greengrass-lan]
            """);
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
}
