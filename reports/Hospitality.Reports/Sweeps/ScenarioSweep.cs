using Hospitality.Reports.Model;
using Hospitality.Reports.Verdicts;

namespace Hospitality.Reports.Sweeps;

/// <summary>
/// One scenario's runs across seeds, reduced to spreads: latency per path, bandwidth per device kind and
/// channel, convergence after each kind of heal, conflicts, and pass counts per target (runs that pass with failures
/// their scenario expects are counted apart). Rows keep the order in which
/// they first appear in the runs (sorted by seed), so the summary is the same for the same runs.
/// </summary>
public sealed record ScenarioSweep(
    string Scenario,
    IReadOnlyList<ulong> Seeds,
    int Passed,
    int Converged,
    Spread WallSeconds,
    Spread VirtualSeconds,
    IReadOnlyList<PathSpread> Paths,
    IReadOnlyList<BandwidthSpread> Bandwidth,
    IReadOnlyList<HealSpread> Heals,
    IReadOnlyList<TargetSweep> Targets,
    int PassedWithExpectedFailures = 0,
    ConflictSpread? Conflicts = null)
{
    public int Runs => Seeds.Count;

    /// <summary>One sweep per scenario and settings (<see cref="RunReport.Variant"/>), in ordinal order, runs within each by seed.</summary>
    public static IReadOnlyList<ScenarioSweep> Of(IReadOnlyList<RunReport> runs) =>
        runs.GroupBy(run => run.Variant, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => Of(group.Key, group.OrderBy(run => run.Seed).ThenBy(run => run.TraceHash, StringComparer.Ordinal).ToList()))
            .ToList();

    private static ScenarioSweep Of(string scenario, IReadOnlyList<RunReport> runs)
    {
        var paths = KeysInOrder(runs.SelectMany(run => run.Paths.Select(path => (path.Path, path.Phase))))
            .Select(key =>
            {
                var matching = runs.SelectMany(run => run.Paths.Where(path => path.Path == key.Path && path.Phase == key.Phase)).ToList();
                return new PathSpread(
                    key.Phase == PathPhase.Normal ? key.Path : $"{key.Path} ({VerdictText.Of(key.Phase)})",
                    matching.Count,
                    Spread.Of(matching.Select(path => path.P50)),
                    Spread.Of(matching.Select(path => path.P99)),
                    Spread.Of(matching.Select(path => path.Max)));
            })
            .ToList();

        var bandwidth = KeysInOrder(runs.SelectMany(run => run.Bandwidth.Select(row => (row.DeviceKind, row.Channel))))
            .Select(key => new BandwidthSpread(
                key.DeviceKind,
                key.Channel,
                Spread.Of(runs.SelectMany(run => run.Bandwidth.Where(row => row.DeviceKind == key.DeviceKind && row.Channel == key.Channel).Select(row => row.BytesPerDevicePerDay)))))
            .ToList();

        var heals = KeysInOrder(runs.SelectMany(run => run.Heals.Select(heal => heal.Fault)))
            .Select(fault =>
            {
                var matching = runs.SelectMany(run => run.Heals.Where(heal => heal.Fault == fault)).ToList();
                return new HealSpread(
                    fault,
                    matching.Count,
                    matching.Count(heal => heal.ConvergedAfterSeconds is null),
                    Spread.Of(matching.Where(heal => heal.ConvergedAfterSeconds is not null).Select(heal => heal.ConvergedAfterSeconds!.Value)));
            })
            .ToList();

        var targets = KeysInOrder(runs.SelectMany(run => run.Targets.Select(target => target.Id)))
            .Select(id =>
            {
                var matching = runs.SelectMany(run => run.Targets.Where(target => target.Id == id)).ToList();
                var first = matching[0];
                return new TargetSweep(
                    id,
                    first.Description,
                    first.Expected,
                    first.Unit,
                    matching.Count(target => target.Verdict == TargetVerdict.Pass),
                    matching.Count(target => target.FailsTheRun),
                    matching.Count(target => target.Verdict == TargetVerdict.NotMeasured),
                    matching.Count(target => target.Verdict == TargetVerdict.ExpectedFail),
                    Spread.Of(matching.Where(target => target.Measured is not null).Select(target => target.Measured!.Value)));
            })
            .ToList();

        return new ScenarioSweep(
            scenario,
            runs.Select(run => run.Seed).ToList(),
            runs.Count(run => run.Passed),
            runs.Count(run => run.Convergence.Converged),
            Spread.Of(runs.Select(run => run.WallSeconds)) ?? new Spread(0, 0, 0, 0),
            Spread.Of(runs.Select(run => run.VirtualSeconds)) ?? new Spread(0, 0, 0, 0),
            paths,
            bandwidth,
            heals,
            targets,
            runs.Count(run => run.Passed && run.Targets.Any(target => target.Verdict == TargetVerdict.ExpectedFail)),
            ConflictSpread.Of(runs));
    }

    private static List<T> KeysInOrder<T>(IEnumerable<T> keys)
    {
        var seen = new HashSet<T>();
        var ordered = new List<T>();
        foreach (var key in keys)
        {
            if (seen.Add(key))
            {
                ordered.Add(key);
            }
        }

        return ordered;
    }
}
