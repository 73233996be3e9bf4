using System.Xml.Linq;
using Hospitality.Reports.Model;
using Hospitality.Sim.Scenarios;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>The README's first command: hsim with no arguments runs a real hotel and judges it against the documented targets.</summary>
public sealed class MainJobTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-main-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// Run from an empty folder (no scenarios/ anywhere near it, as after dotnet tool install): the embedded medium hotel
    /// runs the engine, converges, passes its targets, prints them as a table and writes its reports; repro replays it.
    /// </summary>
    [Fact]
    public void Hsim_with_no_arguments_runs_the_embedded_hotel_prints_the_verdict_table_and_writes_the_report()
    {
        var (exitCode, output, errors) = Hsim.Run(_directory);

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("medium-hotel-busy-hours seed 1: PASSED", output);
        Assert.Contains("judged against embedded:targets.yaml", output);
        Assert.Contains("│ pass    │ convergence ", output);
        Assert.Contains("│ pass    │ sync.offline-queue.cloud ", output);
        var runJson = Path.Combine(_directory, "reports", "out", "medium-hotel-busy-hours", "seed-1", "run.json");
        var run = RunReport.FromJson(File.ReadAllText(runJson));
        Assert.Equal(EmbeddedFiles.MainJobName, run.ScenarioFile);
        Assert.Equal(EmbeddedFiles.TargetsName, run.TargetsFile);
        Assert.Equal(10, run.Topology.Devices);
        Assert.Contains(run.Paths, path => path.Path == "device→device" && path.Phase == PathPhase.DuringFault);
        Assert.True(run.Convergence.AcknowledgedWrites > 100, $"{run.Convergence.AcknowledgedWrites} writes");
        Assert.NotEmpty(run.Heals);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(runJson)!, "report.html")));

        var replay = Hsim.Run(_directory, "repro", runJson);
        Assert.True(replay.ExitCode == 0, replay.Output + replay.Errors);
        Assert.Contains($"trace {run.TraceHash} matches", replay.Output);
    }

    /// <summary>The embedded copies are the repository's files, not a fork of them that drifts.</summary>
    [Fact]
    public void The_embedded_scenario_and_targets_are_the_repository_files()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryFiles.ScenariosDirectory, "medium-hotel-busy-hours.yaml")), EmbeddedFiles.MainJob);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml")), EmbeddedFiles.Targets);
        Assert.Equal(TargetCatalog.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml")).Ids, TargetCatalog.Documented().Ids);
    }

    [Fact]
    public void Options_without_a_command_go_to_the_main_job_and_junit_gets_a_case_per_target_and_one_for_convergence()
    {
        // The whole day: 20 minutes have only 90 device→device deliveries, so p99 is their maximum, and at 367 s one Wi-Fi
        // loss of a lone stream segment waits for TCP's 200 ms RTO (docs/discovery.md); over 3 h p99 is 25 ms.
        var (exitCode, output, errors) = Hsim.Run(_directory, "--duration", "3h", "--out", "out", "--junit", "ci/verdict.xml");

        Assert.True(exitCode == 0, output + errors);
        var suite = XDocument.Load(Path.Combine(_directory, "ci", "verdict.xml")).Root!.Element("testsuite")!;
        var run = RunReport.FromJson(File.ReadAllText(Path.Combine(_directory, "out", "run.json")));
        Assert.Equal(["convergence", .. run.Targets.Select(target => target.Id)], suite.Elements("testcase").Select(each => (string)each.Attribute("name")!));
        Assert.Equal(10800, run.DurationSeconds);
    }
}
