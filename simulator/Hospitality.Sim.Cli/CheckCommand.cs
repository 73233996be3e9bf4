using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hospitality.Reports.JUnit;
using Hospitality.Sim.Scenarios;
using Hospitality.Sim.Trials;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>hsim check</c>: runs generated convergence trials for a range of seeds (the nightly sweep), and
/// <c>hsim repro</c>: replays one trial plan written by a failing test.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var seeds = new Option<string>("--seeds") { Description = "One seed (42) or a range (1..1000).", DefaultValueFactory = _ => "1..20" };
        var maxDevices = new Option<int?>("--max-devices") { Description = "Largest generated world, in devices (2-500; the profile's by default, 50 for default)." };
        var profile = new Option<string>("--profile")
        {
            Description = $"Which generated worlds: {string.Join(", ", TrialLimits.Profiles.Keys)} (files: SQLite files and crashes inside transactions; paging: bursts over thousands of rooms).",
            DefaultValueFactory = _ => "default",
        };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Also record every trial's result in shards/check-K-of-N.json under this directory, for hsim report to merge." };
        var junit = new Option<FileInfo?>("--junit") { Description = "Also write the trials as JUnit XML to this file, for CI: one test case per seed." };
        var shards = new ShardOptions();
        var command = new Command("check", "Run generated convergence trials (faults, then heal) and report every failure with its reproduction. Exit code 1 when a trial fails.")
        {
            seeds, maxDevices, profile, output, junit, shards.Shard, shards.Shards,
        };
        command.SetAction(parse =>
        {
            var range = SeedRange.Parse(parse.GetValue(seeds)!);
            if (range is null || parse.GetValue(maxDevices) is < 2 or > 500 || !TrialLimits.Profiles.ContainsKey(parse.GetValue(profile)!))
            {
                Console.Error.WriteLine($"hsim check: --seeds takes N or A..B with A <= B, --max-devices 2 to 500, and --profile one of {string.Join(", ", TrialLimits.Profiles.Keys)}.");
                return 2;
            }

            if (shards.Resolve(parse, "check") is not { } shard)
            {
                return 2;
            }

            var limits = TrialLimits.Named(parse.GetValue(profile)!, parse.GetValue(maxDevices));
            var events = 0L;
            var reached = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var total = Stopwatch.StartNew();
            var trials = new List<TrialRecord>();
            var cases = new List<JUnitCase>();
            Interruption.Cooperate();
            foreach (var seed in shard.Take(range))
            {
                Interruption.Token.ThrowIfCancellationRequested();
                var plan = TrialPlanGenerator.Generate(seed, limits);
                var reproduce = $"hsim check --seeds {seed} {limits.Arguments}";
                var wall = Stopwatch.StartNew();
                var result = Report(plan, reproduce);
                events += result.Events;
                foreach (var site in result.Coverage.Where(site => site.Name.StartsWith("store.crash.", StringComparison.Ordinal) || site.Name.EndsWith("-page", StringComparison.Ordinal)))
                {
                    reached[site.Name] = reached.GetValueOrDefault(site.Name) + (site.IsMark ? site.Reached : site.Fired);
                }

                trials.Add(new TrialRecord(seed, plan.Describe(), result.Passed, result.Verdict(), result.Events, result.TraceHash, reproduce));
                cases.Add(new JUnitCase("hsim.check", $"seed {seed}", Math.Round(wall.Elapsed.TotalSeconds, 3), result.Passed ? null : $"{result.Verdict()}{Environment.NewLine}reproduce: {reproduce}", Output: plan.Describe()));
            }

            var failed = trials.Count(trial => !trial.Passed);
            var invariant = CultureInfo.InvariantCulture;
            if (parse.GetValue(output) is { } directory)
            {
                var written = new ShardRecord("check", shard.Number, shard.Count, range.Count, trials.Select(trial => trial.Seed.ToString(invariant)).ToList(), trials).Write(directory.FullName);
                Console.WriteLine($"wrote {written}");
            }

            if (parse.GetValue(junit) is { } junitFile)
            {
                JUnitXml.Write(junitFile.FullName, shard == Shard.Whole ? "hsim check" : $"hsim check, shard {shard}", cases);
                Console.WriteLine($"wrote {junitFile.FullName}");
            }

            // What the sweep exercised beyond the defaults: power lost inside transactions, pages filled.
            var exercised = reached.Where(pair => pair.Value > 0).Select(pair => $"{pair.Key} {pair.Value}").ToList();
            if (exercised.Count > 0)
            {
                Console.WriteLine($"exercised: {string.Join(", ", exercised)}");
            }

            var of = shard == Shard.Whole ? "" : string.Create(invariant, $" (shard {shard} of {range.Count} seeds)");
            Console.WriteLine(string.Create(invariant, $"{trials.Count - failed} passed, {failed} failed{of}, in {total.Elapsed.TotalSeconds:F1} s ({events:N0} events)"));
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    public static Command CreateRepro()
    {
        var file = new Argument<FileInfo>("file") { Description = "A run.json written by hsim run, or a trial plan (JSON) written by a failing test or check." };
        var command = new Command("repro", "Replay a run (run.json: the same scenario file, found beside the run.json and checked by its hash, with the same seed, settings and duration; the trace hash must match) or a trial plan, and print the verdict. Exit code 1 when it fails, 2 on bad input, 3 when the trace differs.") { file };
        command.SetAction(parse =>
        {
            Interruption.Cooperate();
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new BadInputException($"hsim repro: no file {path}; give a run.json or a trial plan");
            }

            if (path.Length > Hospitality.Reports.ReportDirectory.RunJsonBytesMax)
            {
                throw new BadInputException($"hsim repro: {path} is {path.Length:N0} bytes; a run.json or trial plan is at most {Hospitality.Reports.ReportDirectory.RunJsonBytesMax:N0}");
            }

            var text = File.ReadAllText(path.FullName);
            if (!text.TrimStart().StartsWith('{'))
            {
                throw new BadInputException($"hsim repro: {path} is not JSON; give a run.json written by hsim run, or a trial plan written by a failing test or check");
            }

            try
            {
                if (text.Contains("\"traceHash\"", StringComparison.Ordinal))
                {
                    return ReplayRun(path, Hospitality.Reports.Model.RunReport.FromJson(text));
                }

                var plan = TrialPlan.FromJson(text);
                return Report(plan, $"hsim repro {path}").Passed ? ExitCode.Ok : ExitCode.Failed;
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException or ArgumentException)
            {
                throw new BadInputException($"hsim repro: {path} is not a run.json or trial plan hsim can read: {exception.Message.ReplaceLineEndings(" ")}");
            }
        });
        return command;
    }

    private static int ReplayRun(FileInfo runJson, Hospitality.Reports.Model.RunReport original)
    {
        original = original with { Settings = original.Settings ?? [] };
        if (string.IsNullOrEmpty(original.ScenarioFile) || string.IsNullOrEmpty(original.TraceHash))
        {
            throw new BadInputException($"hsim repro: {runJson}: scenarioFile and traceHash must be given");
        }

        // 0 is what run.json files from before the field held: the scenario's own duration.
        TimeSpan? duration = null;
        if (original.DurationSeconds != 0)
        {
            duration = RunLength.TryFromSeconds(original.DurationSeconds, out var length)
                ? length
                : throw new BadInputException(string.Create(CultureInfo.InvariantCulture, $"hsim repro: {runJson}: durationSeconds {original.DurationSeconds} must be {RunLength.Allowed} ({RunLength.Max.TotalSeconds} s)"));
        }

        var scenarioFile = EmbeddedFiles.IsEmbedded(original.ScenarioFile) ? null : ScenarioOf(runJson, original);
        if (!ScenarioLoading.TryLoad(scenarioFile, out var scenario, out var targets, original.Settings, TargetsOf(runJson, original)))
        {
            return ExitCode.BadInput;
        }

        if (original.ScenarioSha256 is { } recorded && !string.Equals(recorded, scenario.TextSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new BadInputException($"hsim repro: {scenarioFile?.ToString() ?? original.ScenarioFile} is not the scenario this run was made from (its SHA-256 is {scenario.TextSha256[..12]}…, {runJson.Name} records {recorded[..Math.Min(12, recorded.Length)]}…); restore that file, or run the changed one afresh with hsim run");
        }

        if (original.ScenarioSha256 is null)
        {
            Console.Error.WriteLine($"hsim repro: {runJson.Name} records no scenario hash (written by an older hsim); {scenarioFile?.ToString() ?? original.ScenarioFile} is trusted to be the scenario that ran");
        }

        var replay = RunCommand.Execute(scenario, original.Seed, targets, duration, showProgress: !Console.IsOutputRedirected);
        var same = replay.TraceHash == original.TraceHash;
        Console.WriteLine($"{original.Variant} seed {original.Seed}: trace {replay.TraceHash} {(same ? "matches" : $"DIFFERS from the recorded {original.TraceHash}")}; {(replay.Passed ? "passed" : "failed")}");
        return same ? (replay.Passed ? ExitCode.Ok : ExitCode.Failed) : ExitCode.ReplayDiffers;
    }

    // The scenario beside the run.json first (where hsim run recorded it), then the recorded path from the run.json's folder and from here.
    private static FileInfo ScenarioOf(FileInfo runJson, Hospitality.Reports.Model.RunReport original)
    {
        var folder = runJson.DirectoryName ?? ".";
        string?[] candidates =
        [
            original.ScenarioFromRun is { Length: > 0 } fromRun ? Path.Combine(folder, fromRun) : null,
            Path.Combine(folder, original.ScenarioFile),
            original.ScenarioFile,
        ];
        var tried = candidates.OfType<string>().Where(path => !path.Contains('\0', StringComparison.Ordinal)).Select(Path.GetFullPath).Distinct().ToList();
        return tried.FirstOrDefault(File.Exists) is { } found
            ? new FileInfo(found)
            : throw new BadInputException($"hsim repro: cannot find the scenario of {runJson}; looked at {string.Join(", ", tried)}");
    }

    // The targets file the run recorded, from the run.json's folder or from here; else none, and the scenario's own are looked for.
    private static FileInfo? TargetsOf(FileInfo runJson, Hospitality.Reports.Model.RunReport original)
    {
        if (original.TargetsFile is not { Length: > 0 } recorded || EmbeddedFiles.IsEmbedded(recorded) || recorded.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        return new[] { Path.Combine(runJson.DirectoryName ?? ".", recorded), recorded }.Select(Path.GetFullPath).FirstOrDefault(File.Exists) is { } found ? new FileInfo(found) : null;
    }

    private static TrialResult Report(TrialPlan plan, string reproduce)
    {
        var wall = Stopwatch.StartNew();
        var result = Trial.Run(plan);
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"{plan.Describe()}{Environment.NewLine}  {result.Verdict()} ({result.Events:N0} events, {wall.Elapsed.TotalSeconds:F2} s wall)"));
        if (!result.Passed)
        {
            foreach (var site in result.Coverage.Where(site => site.Fired > 0))
            {
                Console.WriteLine($"  buggify {site}");
            }

            foreach (var violation in result.Violations.Take(5))
            {
                Console.WriteLine($"  violation {violation}");
            }

            foreach (var divergence in result.Divergences.Take(5))
            {
                Console.WriteLine($"  divergence {divergence}");
            }

            var saved = Path.Combine(Path.GetTempPath(), $"hsim-trial-{plan.Seed}.json");
            File.WriteAllText(saved, plan.ToJson());
            Console.WriteLine($"  reproduce: {reproduce}   (plan saved to {saved})");
        }

        return result;
    }
}
