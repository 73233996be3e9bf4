using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>hsim sweep</c>: every scenario given, for every seed in a range, one child process per run
/// (each simulation stays single-threaded), up to --parallel at once; then the summary across seeds.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("scenarios") { Description = "Scenario files (YAML) or patterns such as scenarios/*.yaml; a target list among them is skipped.", Arity = ArgumentArity.OneOrMore };
        var seeds = new Option<string>("--seeds") { Description = "Seeds to run: N, or A..B (default: each scenario's own seeds)." };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for the runs and the summary (default: reports/out/sweep)." };
        var duration = new Option<string?>("--duration") { Description = "Run each for this long instead of its scenario's duration (90s, 15m, 2h; at most 7d)." };
        var targets = TargetsOption.Create();
        var shards = new ShardOptions();
        var vary = new Option<string[]>("--vary") { Description = "Run every scenario once per value of PATH=V1,V2,... (repeatable: every combination), e.g. links.wifi-basement.loss=0.01,0.03,0.1." };
        var command = new Command("sweep", "Run scenarios across seeds (and --vary values) in parallel processes and summarise the spread. Exit code 1 when any run fails, 2 on bad input, 130 on Ctrl+C.")
        {
            files, seeds, parallel, output, duration, vary, targets, shards.Shard, shards.Shards,
        };
        command.SetAction(parse =>
        {
            Interruption.Cooperate();
            var runs = new List<ChildRun>();
            DurationOption.Parse(parse.GetValue(duration), "sweep");
            var parallelRuns = ChildRuns.Parallel(parse.GetValue(parallel), "sweep");
            if (shards.Resolve(parse, "sweep") is not { } shard)
            {
                return 2;
            }

            var targetsFile = parse.GetValue(targets);
            if (ScenarioFiles.Expand(parse.GetValue(files)!, Console.Out, Console.Error) is not { } scenarioFiles)
            {
                return 2;
            }

            if (Variations.Combine(parse.GetValue(vary) ?? [], Console.Error) is not { } variants)
            {
                return 2;
            }

            foreach (var file in scenarioFiles)
            {
                foreach (var settings in variants)
                {
                    // Every variant is validated here, so a bad path or value stops the sweep before any run starts.
                    if (!ScenarioLoading.TryLoad(file, out var scenario, out _, settings, targetsFile))
                    {
                        return 2;
                    }

                    var text = parse.GetValue(seeds);
                    var chosen = text is null ? scenario.Seeds : SeedRange.Parse(text);
                    if (chosen is null)
                    {
                        Console.Error.WriteLine($"hsim sweep: --seeds '{text}' is not N or A..B.");
                        return 2;
                    }

                    runs.AddRange(chosen.Select(seed => new ChildRun(file, seed, settings, targetsFile)));
                }
            }

            var directory = OutputFolder.Prepare(parse.GetValue(output)?.ToString() ?? OutputFolder.Default("sweep"), "sweep");
            var wall = Stopwatch.StartNew();
            var mine = shard.Take(runs);
            var (failures, withExpectedFailures) = RunAll(mine, parallelRuns, directory, parse.GetValue(duration));
            var invariant = CultureInfo.InvariantCulture;
            var counts = string.Create(invariant, $"{mine.Count - failures} passed ({withExpectedFailures} of them with targets that fail as their scenario expects), {failures} failed unexpectedly, {mine.Count} runs in {wall.Elapsed.TotalSeconds:F1} s");
            if (shard == Shard.Whole)
            {
                ReportFiles.WriteSummary(directory);
                Console.WriteLine($"{counts}; summary in {directory}");
            }
            else
            {
                // Shards may share one --out (a volume of a Kubernetes Job): none writes the summary, which hsim report builds from them all.
                new ShardRecord("sweep", shard.Number, shard.Count, runs.Count, mine.Select(run => run.Name).ToList(), []).Write(directory);
                Console.WriteLine(string.Create(invariant, $"shard {shard} of {runs.Count} runs: {counts}; merge the shards' outputs with: hsim report {directory}"));
            }

            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    private static (int Failures, int WithExpectedFailures) RunAll(IReadOnlyList<ChildRun> runs, int parallel, string directory, string? duration)
    {
        var withExpectedFailures = 0;
        var failures = 0;
        ChildRuns.RunAll(runs, parallel, directory, duration, finished =>
        {
            failures += finished.ExitCode == 0 ? 0 : 1;
            var expected = ExpectedFailures(finished.Summary);
            withExpectedFailures += finished.ExitCode == 0 && expected.Count > 0 ? 1 : 0;
            var outcome = finished.ExitCode == 0 ? expected.Count > 0 ? $"pass, {string.Join(", ", expected)} fail as expected" : "pass" : "FAIL";
            Console.WriteLine($"{outcome}  {finished.Run.Name}  {finished.Summary}{(finished.Errors.Length > 0 ? Environment.NewLine + finished.Errors : "")}");
        });
        return (failures, withExpectedFailures);
    }

    // The targets a run's --json summary lists as failing as its scenario expects (none if it printed no summary).
    private static List<string> ExpectedFailures(string summary)
    {
        try
        {
            using var json = JsonDocument.Parse(summary);
            return json.RootElement.TryGetProperty("targetsFailedAsExpected", out var ids)
                ? ids.EnumerateArray().Select(id => id.GetString() ?? "").ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
