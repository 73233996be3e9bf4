using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hospitality.Reports.JUnit;
using Hospitality.Reports.Model;
using Hospitality.Reports.Replay;
using Hospitality.Sim.Scenarios;
using Spectre.Console;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>hsim run</c>: one scenario, one seed: a live progress bar, then the verdict table, run.json and the reports.
/// With no scenario it runs the main job: the medium hotel's busy hours, embedded (<see cref="EmbeddedFiles.MainJob"/>).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("scenario")
        {
            Description = "A scenario file (YAML), e.g. scenarios/uc2-medium-hotel.yaml (default: the main job, the medium hotel's busy hours, built into hsim).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the run (default: the scenario's first seed)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for run.json and the reports (default: reports/out/<scenario>/seed-<N>; with --set, reports/out/<scenario>/<key=value>/seed-<N>)." };
        var duration = new Option<string?>("--duration") { Description = "Run for this long instead of the scenario's duration (90s, 15m, 2h)." };
        var json = new Option<bool>("--json") { Description = "Print the run's summary as one JSON object, with no progress bar." };
        var set = new Option<string[]>("--set") { Description = "Change one value of the scenario, PATH=VALUE (repeatable), e.g. links.wifi-basement.loss=0.05 or properties.city-hotel.devices.1.count=12." };
        var targets = TargetsOption.Create();
        var junit = new Option<FileInfo?>("--junit") { Description = "Also write the verdict as JUnit XML to this file, for CI: one test case for convergence and one per target." };
        var replay = new Option<bool>("--replay") { Description = "Also write replay.html beside the report: the topology, a timeline with the faults and each host's state and traffic under a scrubber; one file that opens from disk." };
        var command = new Command("run", "Run one scenario and write run.json, report.md and report.html. Exit code 1 when convergence or a target fails.")
        {
            file, seed, output, duration, json, set, targets, junit, replay,
        };
        command.SetAction(parse =>
        {
            if (!ScenarioLoading.TryLoad(parse.GetValue(file), out var scenario, out var catalog, parse.GetValue(set) ?? [], parse.GetValue(targets)))
            {
                return 2;
            }

            TimeSpan? length = null;
            if (parse.GetValue(duration) is { } text)
            {
                if (!ScenarioReader.TryParseDuration(text, out var parsed) || parsed <= TimeSpan.Zero)
                {
                    Console.Error.WriteLine($"hsim run: --duration '{text}' is not a duration like 90s, 15m or 2h.");
                    return 2;
                }

                length = parsed;
            }

            var chosenSeed = parse.GetValue(seed) ?? scenario.Seeds[0];
            var directory = parse.GetValue(output)?.FullName ?? Path.Combine("reports", "out", scenario.Name, scenario.Settings.Count > 0 ? VariantFolder.Of(scenario.Settings) : "", $"seed-{chosenSeed}");
            ReplayData? replayData = null;
            var report = Execute(scenario, chosenSeed, catalog, length, showProgress: !parse.GetValue(json) && !Console.IsOutputRedirected, parse.GetValue(replay) ? data => replayData = data : null);
            var written = ReportFiles.Write(report, directory);
            if (replayData is not null)
            {
                written = [.. written, ReplayPage.Write(replayData, directory)];
            }

            if (parse.GetValue(junit) is { } junitFile)
            {
                JUnitXml.Write(junitFile.FullName, $"hsim run {report.Variant} seed {report.Seed}", JUnitXml.Cases(report));
                written = [.. written, junitFile.FullName];
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(Summary.Json(report, directory));
            }
            else
            {
                Summary.Print(report, written);
            }

            return report.Passed ? 0 : 1;
        });
        return command;
    }

    /// <summary>Runs a scenario, timing it and tracking the process's peak memory, with an optional live progress bar.</summary>
    public static RunReport Execute(Scenario scenario, ulong seed, TargetCatalog targets, TimeSpan? duration, bool showProgress, Action<ReplayData>? replay = null)
    {
        var wall = Stopwatch.StartNew();
        RunReport report;
        if (showProgress)
        {
            report = null!;
            AnsiConsole.Progress()
                .Columns(ProgressLine.Columns())
                .Start(context =>
                {
                    var task = context.AddTask(ProgressLine.Describe(scenario.Name, seed, TimeSpan.Zero, 0, 0), maxValue: 1);
                    report = ScenarioRun.Execute(scenario, seed, targets, duration, progress =>
                    {
                        task.Value = progress.Virtual / progress.Total;
                        var speed = progress.Virtual.TotalSeconds / Math.Max(wall.Elapsed.TotalSeconds, 1e-3);
                        task.Description = ProgressLine.Describe(scenario.Name, seed, progress.Virtual, speed, progress.Events);
                    }, replay);
                    task.Value = 1;
                });
        }
        else
        {
            report = ScenarioRun.Execute(scenario, seed, targets, duration, replay: replay);
        }

        wall.Stop();
        using var process = Process.GetCurrentProcess();
        return report with { WallSeconds = Math.Round(wall.Elapsed.TotalSeconds, 2), PeakMemoryBytes = process.PeakWorkingSet64 };
    }
}
