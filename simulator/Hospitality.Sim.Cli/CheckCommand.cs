using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
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
        var command = new Command("check", "Run generated convergence trials (faults, then heal) and report every failure with its reproduction.")
        {
            seeds, maxDevices, profile,
        };
        command.SetAction(parse =>
        {
            var range = SeedRange.Parse(parse.GetValue(seeds)!);
            if (range is null || parse.GetValue(maxDevices) is < 2 or > 500 || !TrialLimits.Profiles.ContainsKey(parse.GetValue(profile)!))
            {
                Console.Error.WriteLine($"hsim check: --seeds takes N or A..B with A <= B, --max-devices 2 to 500, and --profile one of {string.Join(", ", TrialLimits.Profiles.Keys)}.");
                return 2;
            }

            var limits = TrialLimits.Named(parse.GetValue(profile)!, parse.GetValue(maxDevices));
            var failed = 0;
            var events = 0L;
            var reached = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var total = Stopwatch.StartNew();
            foreach (var seed in range)
            {
                var result = Report(TrialPlanGenerator.Generate(seed, limits), $"hsim check --seeds {seed} {limits.Arguments}");
                failed += result.Passed ? 0 : 1;
                events += result.Events;
                foreach (var site in result.Coverage.Where(site => site.Name.StartsWith("store.crash.", StringComparison.Ordinal) || site.Name.EndsWith("-page", StringComparison.Ordinal)))
                {
                    reached[site.Name] = reached.GetValueOrDefault(site.Name) + (site.IsMark ? site.Reached : site.Fired);
                }
            }

            // What the sweep exercised beyond the defaults: power lost inside transactions, pages filled.
            var exercised = reached.Where(pair => pair.Value > 0).Select(pair => $"{pair.Key} {pair.Value}").ToList();
            if (exercised.Count > 0)
            {
                Console.WriteLine($"exercised: {string.Join(", ", exercised)}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{range.Count - failed} passed, {failed} failed, in {total.Elapsed.TotalSeconds:F1} s ({events:N0} events)"));
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
        if (!ScenarioLoading.TryLoad(new FileInfo(original.ScenarioFile), out var scenario, out var targets, original.Settings))
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
