using System.CommandLine;
using System.Text;
using System.Text.Json;
using Hospitality.Reports.Comparisons;
using Hospitality.Reports.Model;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>hsim compare</c>: two runs, or two sweeps, side by side. Each side is a run.json or a folder
/// of them; one scenario variant on each side is compared whatever their names (a link before and
/// after a change), several are paired by name (the same sweep before and after an engine change).
/// Two scenario files are first run across the seeds (child processes, like sweep), each side in
/// its own folder, then compared; the Markdown and its overlaid charts go in that folder.
/// </summary>
internal static class CompareCommand
{
    /// <summary>The most run.json files one side reads.</summary>
    public const int RunsMax = 5_000;

    public static Command Create()
    {
        var before = new Argument<string>("before") { Description = "A scenario file (YAML), a run.json, or a folder of runs (a sweep's --out)." };
        var after = new Argument<string>("after") { Description = "The same, to compare with." };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the comparison to this Markdown file (charts in compare-charts/ beside it)." };
        var seeds = new Option<string>("--seeds") { Description = "Scenario files only: seeds to run both on, N or A..B (default: each scenario's own seeds)." };
        var parallel = new Option<int>("--parallel") { Description = "Scenario files only: runs at once (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var duration = new Option<string?>("--duration") { Description = "Scenario files only: run each for this long instead of its scenario's duration." };
        var runs = new Option<DirectoryInfo?>("--runs") { Description = "Scenario files only: directory for both sides' runs, compare.md and its charts (default: reports/out/compare/<before>-vs-<after>)." };
        var targets = TargetsOption.Create();
        var command = new Command("compare", "Compare two scenarios, runs or sweeps: targets, latency per path, bytes, heals, convergence, with overlaid charts. Exit code 1 when a target that held in every run before fails after (or a run cannot finish), 2 on bad input.")
        {
            before, after, output, seeds, parallel, duration, runs, targets,
        };
        command.SetAction(parse =>
        {
            Interruption.Cooperate();
            var (beforePath, afterPath) = (parse.GetValue(before)!, parse.GetValue(after)!);
            DurationOption.Parse(parse.GetValue(duration), "compare");
            var parallelRuns = ChildRuns.Parallel(parse.GetValue(parallel), "compare");
            string? chartsDirectory = parse.GetValue(output)?.DirectoryName;
            if (IsScenario(beforePath) || IsScenario(afterPath))
            {
                var directory = OutputFolder.Prepare(
                    parse.GetValue(runs)?.ToString() ?? OutputFolder.Default("compare", $"{Path.GetFileNameWithoutExtension(beforePath)}-vs-{Path.GetFileNameWithoutExtension(afterPath)}"),
                    "compare");
                var ran = RunBoth(beforePath, afterPath, parse.GetValue(targets), parse.GetValue(seeds), parallelRuns, parse.GetValue(duration), directory);
                if (ran != 0)
                {
                    return ran ?? 2;
                }

                (beforePath, afterPath, chartsDirectory) = (Path.Combine(directory, "before"), Path.Combine(directory, "after"), directory);
            }

            if (Load(beforePath) is not { } left || Load(afterPath) is not { } right)
            {
                return 2;
            }

            var pairs = Pair(left, right, out var unpaired);
            if (pairs.Count == 0)
            {
                Console.Error.WriteLine($"hsim compare: no scenario on both sides (before: {string.Join(", ", left.Keys)}; after: {string.Join(", ", right.Keys)})");
                return 2;
            }

            var markdown = new StringBuilder();
            var comparisons = pairs.Select(pair => RunComparison.Of(parse.GetValue(before)!, pair.Before, parse.GetValue(after)!, pair.After)).ToList();
            for (var index = 0; index < comparisons.Count; index++)
            {
                markdown.Append(ComparisonMarkdown.Render(comparisons[index])).Append('\n');
                if (chartsDirectory is not null)
                {
                    markdown.Append("## Charts\n\n").Append(ComparisonCharts.Write(comparisons[index], pairs[index].Before, pairs[index].After, chartsDirectory, comparisons.Count > 1 ? $"{index + 1}-" : ""));
                }
            }

            foreach (var variant in unpaired)
            {
                markdown.Append("Only on one side, not compared: ").Append(variant).Append('\n');
            }

            Console.Write(markdown.ToString());
            if (parse.GetValue(output) is { } file)
            {
                Reports.AtomicFile.WriteAllText(file.FullName, markdown.ToString());
            }

            if (chartsDirectory is not null && parse.GetValue(output) is null)
            {
                Reports.AtomicFile.WriteAllText(Path.Combine(chartsDirectory, "compare.md"), markdown.ToString());
            }

            return comparisons.Any(comparison => comparison.Regressed) ? 1 : 0;
        });
        return command;
    }

    private static bool IsScenario(string path) => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    // Runs both scenario files on the seeds, each side under directory/before or directory/after.
    // Returns 0 when every run finished (passing or not), 1 when one could not, null on bad input (already printed).
    private static int? RunBoth(string beforeFile, string afterFile, FileInfo? targets, string? seedText, int parallel, string? duration, string directory)
    {
        var runs = new List<(string Side, ChildRun Run)>();
        foreach (var (side, path) in new[] { ("before", beforeFile), ("after", afterFile) })
        {
            var file = new FileInfo(path);
            if (!IsScenario(path) || !file.Exists)
            {
                Console.Error.WriteLine($"hsim compare: {path} is not a scenario file; give two scenario files (.yaml), or two run.json files or folders");
                return null;
            }

            if (!ScenarioLoading.TryLoad(file, out var scenario, out _, targetsFile: targets))
            {
                return null;
            }

            var chosen = seedText is null ? scenario.Seeds : SeedRange.Parse(seedText);
            if (chosen is null)
            {
                Console.Error.WriteLine($"hsim compare: --seeds '{seedText}' is not N or A..B.");
                return null;
            }

            runs.AddRange(chosen.Select(seed => (side, new ChildRun(file, seed, [], targets))));
        }

        // Runs of an earlier comparison in the same folder would be read as this one's.
        foreach (var old in new[] { "before", "after" }.Select(side => Path.Combine(directory, side)).Where(Directory.Exists))
        {
            Directory.Delete(old, recursive: true);
        }

        var unfinished = 0;
        foreach (var side in new[] { "before", "after" })
        {
            ChildRuns.RunAll(runs.Where(run => run.Side == side).Select(run => run.Run).ToList(), parallel, Path.Combine(directory, side), duration, finished =>
            {
                var finishedRun = File.Exists(Path.Combine(finished.Directory, "run.json"));
                unfinished += finishedRun ? 0 : 1;
                Console.Error.WriteLine($"{(finishedRun ? "ran" : "DID NOT FINISH")}  {side}/{finished.Run.Name}{(finishedRun ? "" : Environment.NewLine + finished.Errors)}");
            });
        }

        return unfinished == 0 ? 0 : 1;
    }

    private static List<(IReadOnlyList<RunReport> Before, IReadOnlyList<RunReport> After)> Pair(
        SortedDictionary<string, List<RunReport>> left, SortedDictionary<string, List<RunReport>> right, out List<string> unpaired)
    {
        unpaired = [];
        if (left.Count == 1 && right.Count == 1)
        {
            return [(left.Values.Single(), right.Values.Single())];
        }

        unpaired.AddRange(left.Keys.Where(key => !right.ContainsKey(key)).Concat(right.Keys.Where(key => !left.ContainsKey(key))));
        return left.Where(each => right.ContainsKey(each.Key)).Select(each => ((IReadOnlyList<RunReport>)each.Value, (IReadOnlyList<RunReport>)right[each.Key])).ToList();
    }

    // The runs of one side by variant, or null after printing why not.
    private static SortedDictionary<string, List<RunReport>>? Load(string path)
    {
        List<string> files;
        if (File.Exists(path))
        {
            files = [path];
        }
        else if (Directory.Exists(path))
        {
            files = Directory.EnumerateFiles(path, "run.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(RunsMax + 1).ToList();
            if (files.Count > RunsMax)
            {
                Console.Error.WriteLine($"hsim compare: {path} holds more than {RunsMax} runs; give a narrower folder");
                return null;
            }
        }
        else
        {
            Console.Error.WriteLine($"hsim compare: no run.json or folder at {path}");
            return null;
        }

        var runs = new SortedDictionary<string, List<RunReport>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                if (new FileInfo(file).Length > Reports.ReportDirectory.RunJsonBytesMax)
                {
                    Console.Error.WriteLine($"hsim compare: {file} is larger than {Reports.ReportDirectory.RunJsonBytesMax:N0} bytes, too large for a run.json");
                    return null;
                }

                var run = RunReport.FromJson(File.ReadAllText(file));
                (runs.TryGetValue(run.Variant, out var list) ? list : runs[run.Variant] = []).Add(run);
            }
            catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                Console.Error.WriteLine($"hsim compare: cannot read {file}: {exception.Message}");
                return null;
            }
        }

        if (runs.Count == 0)
        {
            Console.Error.WriteLine($"hsim compare: no run.json under {path}");
            return null;
        }

        return runs;
    }
}
