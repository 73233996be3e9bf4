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
        var seed = new Option<ulong?>("--seed")
        {
            Description = "Seed of the run (default: the scenario's first seed).",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                result.AddError($"--seed '{text}' must be a whole number from 0 to {ulong.MaxValue}");
                return null;
            },
        };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for run.json and the reports, checked writable before the run (default: reports/out/<scenario>/seed-<N>, the scenario's name as a slug; with --set, reports/out/<scenario>/<key=value>/seed-<N>)." };
        var duration = new Option<string?>("--duration") { Description = "Run for this long instead of the scenario's duration (90s, 15m, 2h; at most 7d)." };
        var json = new Option<bool>("--json") { Description = "Print the run's summary as one JSON object, with no progress bar." };
        var set = new Option<string[]>("--set") { Description = "Change one value of the scenario, PATH=VALUE (repeatable), e.g. links.wifi-basement.loss=0.05 or properties.city-hotel.devices.1.count=12." };
        var targets = TargetsOption.Create();
        var junit = new Option<FileInfo?>("--junit") { Description = "Also write the verdict as JUnit XML to this file, for CI: one test case for convergence and one per target." };
        var replay = new Option<bool>("--replay") { Description = "Also write replay.html beside the report: the topology, a timeline with the faults and each host's state and traffic under a scrubber; one file that opens from disk." };
        var command = new Command("run", "Run one scenario and write run.json, report.md and report.html. Exit code 1 when convergence or a target fails, 2 on bad input, 130 on Ctrl+C.")
        {
            file, seed, output, duration, json, set, targets, junit, replay,
        };
        command.SetAction(parse =>
        {
            Interruption.Cooperate();
            if (!ScenarioLoading.TryLoad(parse.GetValue(file), out var scenario, out var catalog, parse.GetValue(set) ?? [], parse.GetValue(targets)))
            {
                return ExitCode.BadInput;
            }

            var length = DurationOption.Parse(parse.GetValue(duration), "run");
            var chosenSeed = parse.GetValue(seed) ?? scenario.Seeds[0];
            var directory = OutputFolder.Prepare(
                parse.GetValue(output)?.ToString() ?? OutputFolder.Default(OutputFolder.Of(scenario.Name), scenario.Settings.Count > 0 ? VariantFolder.Of(scenario.Settings) : "", $"seed-{chosenSeed}"),
                "run");
            ReplayData? replayData = null;
            var report = Execute(scenario, chosenSeed, catalog, length, showProgress: !parse.GetValue(json) && !Console.IsOutputRedirected, parse.GetValue(replay) ? data => replayData = data : null);
            if (File.Exists(scenario.File))
            {
                report = report with { ScenarioFromRun = Path.GetRelativePath(directory, Path.GetFullPath(scenario.File)) };
            }

            // A Ctrl+C after the last slice still stops before any file is written; once writing starts, it completes.
            Interruption.Token.ThrowIfCancellationRequested();
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

            return report.Passed ? ExitCode.Ok : ExitCode.Failed;
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
                    report = ScenarioRun.Execute(scenario, seed, targets, duration, cancellation: Interruption.Token, progress: progress =>
                    {
                        task.Value = progress.Virtual / progress.Total;
                        var speed = progress.Virtual.TotalSeconds / Math.Max(wall.Elapsed.TotalSeconds, 1e-3);
                        task.Description = ProgressLine.Describe(scenario.Name, seed, progress.Virtual, speed, progress.Events);
                    }, replay: replay);
                    task.Value = 1;
                });
        }
        else
        {
            report = ScenarioRun.Execute(scenario, seed, targets, duration, replay: replay, cancellation: Interruption.Token);
        }

        wall.Stop();
        using var process = Process.GetCurrentProcess();
        return report with { WallSeconds = Math.Round(wall.Elapsed.TotalSeconds, 2), PeakMemoryBytes = process.PeakWorkingSet64 };
    }
}
