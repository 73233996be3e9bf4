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
        var maxDevices = new Option<int>("--max-devices") { Description = "Largest generated world, in devices (2-500).", DefaultValueFactory = _ => 50 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Also record every trial's result in shards/check-K-of-N.json under this directory, for hsim report to merge." };
        var junit = new Option<FileInfo?>("--junit") { Description = "Also write the trials as JUnit XML to this file, for CI: one test case per seed." };
        var shards = new ShardOptions();
        var command = new Command("check", "Run generated convergence trials (faults, then heal) and report every failure with its reproduction. Exit code 1 when a trial fails.")
        {
            seeds, maxDevices, output, junit, shards.Shard, shards.Shards,
        };
        command.SetAction(parse =>
        {
            var range = SeedRange.Parse(parse.GetValue(seeds)!);
            if (range is null || parse.GetValue(maxDevices) is < 2 or > 500)
            {
                Console.Error.WriteLine("hsim check: --seeds takes N or A..B with A <= B, and --max-devices 2 to 500.");
                return 2;
            }

            if (shards.Resolve(parse, "check") is not { } shard)
            {
                return 2;
            }

            var limits = TrialLimits.Default with { MaxDevices = parse.GetValue(maxDevices) };
            var total = Stopwatch.StartNew();
            var trials = new List<TrialRecord>();
            var cases = new List<JUnitCase>();
            foreach (var seed in shard.Take(range))
            {
                var plan = TrialPlanGenerator.Generate(seed, limits);
                var reproduce = $"hsim check --seeds {seed} --max-devices {limits.MaxDevices}";
                var wall = Stopwatch.StartNew();
                var result = Report(plan, reproduce);
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

            var of = shard == Shard.Whole ? "" : string.Create(invariant, $" (shard {shard} of {range.Count} seeds)");
            Console.WriteLine(string.Create(invariant, $"{trials.Count - failed} passed, {failed} failed{of}, in {total.Elapsed.TotalSeconds:F1} s"));
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    public static Command CreateRepro()
    {
        var file = new Argument<FileInfo>("file") { Description = "A run.json written by hsim run, or a trial plan (JSON) written by a failing test or check." };
        var command = new Command("repro", "Replay a run (run.json: same scenario, seed and duration; the trace hash must match) or a trial plan, and print the verdict.") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            TrialPlan plan;
            try
            {
                var text = File.ReadAllText(path.FullName);
                if (text.Contains("\"traceHash\"", StringComparison.Ordinal))
                {
                    return ReplayRun(Hospitality.Reports.Model.RunReport.FromJson(text));
                }

                plan = TrialPlan.FromJson(text);
            }
            catch (Exception exception) when (exception is IOException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"hsim repro: cannot read {path}: {exception.Message}");
                return 2;
            }

            return Report(plan, $"hsim repro {path}").Passed ? 0 : 1;
        });
        return command;
    }

    private static int ReplayRun(Hospitality.Reports.Model.RunReport original)
    {
        var scenarioFile = EmbeddedFiles.IsEmbedded(original.ScenarioFile) ? null : new FileInfo(original.ScenarioFile);
        var targetsFile = original.TargetsFile is { } recorded && !EmbeddedFiles.IsEmbedded(recorded) ? new FileInfo(recorded) : null;
        if (!ScenarioLoading.TryLoad(scenarioFile, out var scenario, out var targets, original.Settings, targetsFile))
        {
            return 2;
        }

        var duration = original.DurationSeconds > 0 ? TimeSpan.FromSeconds(original.DurationSeconds) : (TimeSpan?)null;
        var replay = RunCommand.Execute(scenario, original.Seed, targets, duration, showProgress: !Console.IsOutputRedirected);
        var same = replay.TraceHash == original.TraceHash;
        Console.WriteLine($"{original.Variant} seed {original.Seed}: trace {replay.TraceHash} {(same ? "matches" : $"DIFFERS from the recorded {original.TraceHash}")}; {(replay.Passed ? "passed" : "failed")}");
        return same ? (replay.Passed ? 0 : 1) : 3;
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
