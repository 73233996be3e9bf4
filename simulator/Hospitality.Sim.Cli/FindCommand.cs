using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hospitality.Reports.Model;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>hsim find</c>: the breaking point of one value. Runs the scenario (every seed, one child
/// process each) at both ends of a range, then halves the gap between the last value that held
/// and the first that broke, until they are close enough. A value breaks when any seed's run
/// does not converge, or its target fails (or, without --target, the run fails); a seed that does
/// not measure the target does not break it. It assumes one crossing: past the breaking point, it
/// stays broken.
/// </summary>
internal static class FindCommand
{
    /// <summary>The most values one search runs, both ends included.</summary>
    public const int ProbesMax = 24;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("scenario") { Description = "A scenario file (YAML)." };
        var vary = new Option<string>("--vary") { Description = "The value to search and its range, PATH=A..B, e.g. links.wifi-basement.loss=0..0.5 or properties.0.devices.1.count=10..400.", Required = true };
        var target = new Option<string?>("--target") { Description = "The target that decides (one of the scenario's); default: the run's verdict." };
        var seeds = new Option<string?>("--seeds") { Description = "Seeds run at each value: N or A..B (default: the scenario's seeds). A value breaks if any seed breaks." };
        var tolerance = new Option<double?>("--tolerance") { Description = "Stop when the values that hold and break are this close (default: 1/50 of the range; whole numbers: adjacent)." };
        var probes = new Option<int>("--probes") { Description = $"The most values to run, both ends included (at most {ProbesMax}).", DefaultValueFactory = _ => 12 };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var duration = new Option<string?>("--duration") { Description = "Run each for this long instead of the scenario's duration." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for the runs, find.md and the summary (default: reports/out/find/<scenario>)." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var targets = TargetsOption.Create();
        var command = new Command("find", "Find the value at which a scenario breaks, by bisection across a range. Exit code 0 when the search ends, 1 when a run cannot finish, 2 on bad input.")
        {
            file, vary, target, seeds, tolerance, probes, parallel, duration, output, json, targets,
        };
        command.SetAction(parse =>
        {
            Interruption.Cooperate();
            var scenarioFile = parse.GetValue(file)!;
            DurationOption.Parse(parse.GetValue(duration), "find");
            var parallelRuns = ChildRuns.Parallel(parse.GetValue(parallel), "find");
            var targetsFile = parse.GetValue(targets);
            var varyText = parse.GetValue(vary)!;
            if (!Scenarios.ScenarioSettings.TryParse(varyText, out var path, out var rangeText) || SearchRange.Parse(rangeText) is not { } range)
            {
                Console.Error.WriteLine($"hsim find: --vary '{varyText}' must be PATH=A..B with numbers of the same unit at both ends, like links.wifi-basement.loss=0..0.5 or latency=1ms..400ms");
                return 2;
            }

            var probesMax = parse.GetValue(probes);
            if (probesMax is < 2 or > ProbesMax)
            {
                Console.Error.WriteLine($"hsim find: --probes must be from 2 to {ProbesMax}");
                return 2;
            }

            var gap = parse.GetValue(tolerance) ?? Math.Abs(range.To - range.From) / 50;
            if (gap <= 0 || !double.IsFinite(gap))
            {
                Console.Error.WriteLine("hsim find: --tolerance must be a number above 0");
                return 2;
            }

            // Both ends are validated before any run: a value the file refuses stops here with its line.
            foreach (var end in new[] { range.From, range.To })
            {
                if (!ScenarioLoading.TryLoad(scenarioFile, out _, out _, [$"{path}={range.Format(end)}"], targetsFile))
                {
                    return 2;
                }
            }

            ScenarioLoading.TryLoad(scenarioFile, out var scenario, out var catalog, targetsFile: targetsFile);
            if (!parse.GetValue(json))
            {
                Console.WriteLine($"targets: {catalog.Source}");
            }
            var targetId = parse.GetValue(target);
            if (targetId is not null && !scenario.Targets.Contains(targetId, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"hsim find: --target '{targetId}' is not one of this scenario's targets ({string.Join(", ", scenario.Targets)})");
                return 2;
            }

            var seedText = parse.GetValue(seeds);
            var chosenSeeds = seedText is null ? scenario.Seeds : SeedRange.Parse(seedText);
            if (chosenSeeds is null)
            {
                Console.Error.WriteLine($"hsim find: --seeds '{seedText}' is not N or A..B.");
                return 2;
            }

            var directory = OutputFolder.Prepare(parse.GetValue(output)?.ToString() ?? OutputFolder.Default("find", OutputFolder.Of(scenario.Name)), "find");
            var search = new Search(scenarioFile, targetsFile, path, range, targetId, chosenSeeds, parallelRuns, directory, parse.GetValue(duration), quiet: parse.GetValue(json));
            var result = search.Run(gap, probesMax);
            if (result is null)
            {
                return 1;
            }

            ReportFiles.WriteSummary(directory);
            Reports.AtomicFile.WriteAllText(Path.Combine(directory, "find.md"), Markdown(scenario.Name, path, range, targetId, chosenSeeds, result));
            var confidence = Confidence(range, chosenSeeds.Count, result);
            Console.WriteLine(parse.GetValue(json) ? Json(path, range, targetId, result, directory, confidence) : $"{Conclusion(path, range, targetId, result)}{(confidence is null ? "" : Environment.NewLine + confidence)}{Environment.NewLine}runs, find.md and summary in {directory}");
            return 0;
        });
        return command;
    }

    private static string Conclusion(string path, SearchRange range, string? target, FindResult result)
    {
        var what = target ?? "the run";
        if (target is not null && result.Probes.All(probe => probe.Worst is null))
        {
            return $"{path}: {target} was not measured at any value run, so nothing broke it; give the run more time (--duration) or the devices that path needs";
        }

        return (result.Holds, result.Breaks) switch
        {
            (null, _) => $"{path}: {what} breaks already at {range.Format(range.From)}, the start of the range",
            (_, null) => $"{path}: {what} holds across the range, up to {range.Format(range.To)}",
            var (holds, breaks) => $"{path}: {what} holds at {range.Format(holds.Value)} and breaks at {range.Format(breaks.Value)} (on {Seeds(result.Probes.Single(probe => probe.Value == breaks.Value).BrokenSeeds)})",
        };
    }

    // How far to trust the point: the bracket's width, how many seeds agree at its two ends, and how many probes split the seeds.
    private static string? Confidence(SearchRange range, int seeds, FindResult result)
    {
        if (result.Holds is not { } holds || result.Breaks is not { } breaks)
        {
            return null;
        }

        var width = Math.Abs(breaks - holds);
        var broken = result.Probes.Single(probe => probe.Value == breaks).BrokenSeeds.Count;
        var split = result.Probes.Count(probe => probe.BrokenSeeds.Count > 0 && probe.BrokenSeeds.Count < seeds);
        return string.Create(CultureInfo.InvariantCulture,
            $"confidence: the point lies in a bracket {range.Format(width).TrimStart('-')} wide ({100 * width / Math.Abs(range.To - range.From):0.0#}% of the range); {seeds} of {seeds} seeds hold at {range.Format(holds)}, {broken} of {seeds} break at {range.Format(breaks)}; {split} of {result.Probes.Count} values split the seeds{(split == 0 ? "" : " (the crossing depends on the draws: run more seeds to narrow it)")}");
    }

    private static string Seeds(IReadOnlyList<ulong> seeds) => $"seed{(seeds.Count == 1 ? "" : "s")} {string.Join(", ", seeds)}";

    private static string Markdown(string scenario, string path, SearchRange range, string? target, IReadOnlyList<ulong> seeds, FindResult result)
    {
        var md = new StringBuilder();
        md.Append("# Breaking point: ").Append(scenario).Append("\n\n");
        md.Append("`").Append(path).Append("` from ").Append(range.Format(range.From)).Append(" to ").Append(range.Format(range.To))
            .Append(", judged on ").Append(target is null ? "each run's verdict" : $"target `{target}`").Append(", seeds ").Append(string.Join(", ", seeds)).Append(".\n\n");
        md.Append("**").Append(Conclusion(path, range, target, result)).Append(".**\n\n");
        if (Confidence(range, seeds.Count, result) is { } confidence)
        {
            md.Append(char.ToUpperInvariant(confidence[0])).Append(confidence[1..]).Append(".\n\n");
        }

        md.Append("| value | verdict | broken on | ").Append(target is null ? "" : "measured (worst seed) | ").Append("runs |\n");
        md.Append("|---|---|---|").Append(target is null ? "" : "---|").Append("---|\n");
        foreach (var probe in result.Probes.OrderBy(probe => (probe.Value - range.From) / (range.To - range.From)))
        {
            md.Append("| ").Append(range.Format(probe.Value)).Append(" | ").Append(probe.Breaks ? "breaks" : "holds").Append(" | ")
                .Append(probe.BrokenSeeds.Count == 0 ? "-" : Seeds(probe.BrokenSeeds)).Append(" | ");
            if (target is not null)
            {
                md.Append(probe.Worst ?? "not measured").Append(" | ");
            }

            md.Append(string.Join(", ", probe.Folders.Select(folder => $"[{Path.GetFileName(folder)}]({folder.Replace('\\', '/')}/report.md)"))).Append(" |\n");
        }

        return md.ToString();
    }

    private static string Json(string path, SearchRange range, string? target, FindResult result, string directory, string? confidence) => JsonSerializer.Serialize(new
    {
        path,
        target,
        confidence,
        holdsAt = result.Holds is { } holds ? range.Format(holds) : null,
        breaksAt = result.Breaks is { } breaks ? range.Format(breaks) : null,
        probes = result.Probes.Select(probe => new { value = range.Format(probe.Value), breaks = probe.Breaks, brokenSeeds = probe.BrokenSeeds, worst = probe.Worst }),
        directory,
    });

    /// <summary>One value run for every seed; Folders are relative to the output directory.</summary>
    private sealed record Probe(double Value, bool Breaks, IReadOnlyList<ulong> BrokenSeeds, string? Worst, IReadOnlyList<string> Folders);

    /// <summary>The last value that held and the first that broke (null when none did), and every value run, in the order run.</summary>
    private sealed record FindResult(double? Holds, double? Breaks, IReadOnlyList<Probe> Probes);

    private sealed class Search(FileInfo file, FileInfo? targets, string path, SearchRange range, string? target, IReadOnlyList<ulong> seeds, int parallel, string directory, string? duration, bool quiet)
    {
        private readonly List<Probe> _probes = [];

        public FindResult? Run(double tolerance, int probesMax)
        {
            if (Try(range.From) is not { } first)
            {
                return null;
            }

            if (first.Breaks)
            {
                return new FindResult(null, range.From, _probes);
            }

            if (Try(range.To) is not { } last)
            {
                return null;
            }

            if (!last.Breaks)
            {
                return new FindResult(range.To, null, _probes);
            }

            var (holds, breaks) = (range.From, range.To);
            while (!range.CloseEnough(holds, breaks, tolerance) && _probes.Count < probesMax)
            {
                var middle = range.Middle(holds, breaks);
                if (Try(middle) is not { } probe)
                {
                    return null;
                }

                (holds, breaks) = probe.Breaks ? (holds, middle) : (middle, breaks);
            }

            return new FindResult(holds, breaks, _probes);
        }

        private Probe? Try(double value)
        {
            var setting = $"{path}={range.Format(value)}";
            var runs = seeds.Select(seed => new ChildRun(file, seed, [setting], targets)).ToList();
            var reports = new List<(ulong Seed, RunReport Report, string Folder)>();
            var failed = false;
            ChildRuns.RunAll(runs, parallel, directory, duration, finished =>
            {
                var runJson = Path.Combine(finished.Directory, "run.json");
                if (finished.ExitCode is not (0 or 1) || !File.Exists(runJson))
                {
                    Console.Error.WriteLine($"hsim find: {finished.Run.Name} did not finish (exit code {finished.ExitCode}){Environment.NewLine}{finished.Errors}");
                    failed = true;
                    return;
                }

                reports.Add((finished.Run.Seed, RunReport.FromJson(File.ReadAllText(runJson)), finished.Directory));
            });
            if (failed)
            {
                return null;
            }

            reports.Sort((a, b) => a.Seed.CompareTo(b.Seed));
            var broken = reports.Where(each => Breaks(each.Report)).Select(each => each.Seed).ToList();
            var measured = target is null ? [] : reports.Select(each => each.Report.Targets.Single(result => result.Id == target)).Where(result => result.Measured is not null).ToList();
            var worst = measured.Count == 0 ? null : measured.MaxBy(result => Math.Abs(result.Measured!.Value - result.Limit) * (Exceeds(result) ? 1 : -1));
            var probe = new Probe(value, broken.Count > 0, broken, worst is null ? null : string.Create(CultureInfo.InvariantCulture, $"{worst.Measured:G4} {worst.Unit} (limit {worst.Expected})"), reports.Select(each => Path.GetRelativePath(directory, each.Folder)).ToList());
            _probes.Add(probe);
            if (!quiet)
            {
                Console.WriteLine($"{(probe.Breaks ? "breaks" : "holds ")}  {setting}  {(probe.Breaks ? $"on {Seeds(broken)}" : $"on all {seeds.Count} seed{(seeds.Count == 1 ? "" : "s")}")}{(probe.Worst is null ? "" : $"; {target} worst {probe.Worst}")}");
            }

            return probe;
        }

        private bool Breaks(RunReport report) =>
            !report.Convergence.Converged
            || (target is null ? !report.Passed : report.Targets.Any(result => result.Id == target && result.Verdict is TargetVerdict.Fail or TargetVerdict.ExpectedFail));

        private static bool Exceeds(TargetResult result) => result.Verdict is TargetVerdict.Fail or TargetVerdict.ExpectedFail;
    }
}
