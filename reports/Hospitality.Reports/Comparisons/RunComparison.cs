using Hospitality.Reports.Model;
using Hospitality.Reports.Sweeps;

namespace Hospitality.Reports.Comparisons;

/// <summary>
/// Two sets of runs of one scenario side by side (one run each, or a sweep's seeds each): every
/// target's measured spread and how many runs kept within its limit, every normal path's p50 and p99,
/// bytes per device per day of each device kind and channel, convergence after each kind of heal,
/// and convergence. Rows keep the order in which they first appear (before, then after).
/// </summary>
public sealed record RunComparison(
    string Before,
    string After,
    IReadOnlyList<RunSide> Sides,
    IReadOnlyList<TargetChange> Targets,
    IReadOnlyList<PathChange> Paths,
    IReadOnlyList<BandwidthChange> Bandwidth,
    IReadOnlyList<HealChange> Heals)
{
    /// <summary>A target within its limit in every run before and over it in a run after, or convergence lost.</summary>
    public bool Regressed => Targets.Any(target => target.Regressed) || (Sides[0].Converged == Sides[0].Runs && Sides[1].Converged < Sides[1].Runs);

    public static RunComparison Of(string beforeLabel, IReadOnlyList<RunReport> before, string afterLabel, IReadOnlyList<RunReport> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count == 0 || after.Count == 0)
        {
            throw new ArgumentException("each side needs at least one run");
        }

        var targets = before.Concat(after).SelectMany(run => run.Targets).Select(target => target.Id).Distinct(StringComparer.Ordinal)
            .Select(id =>
            {
                var any = before.Concat(after).SelectMany(run => run.Targets).First(target => target.Id == id);
                return new TargetChange(id, any.Expected, any.Unit, Side(before, id), Side(after, id));
            })
            .ToList();
        var paths = before.Concat(after).SelectMany(run => run.Paths).Where(path => path.Phase == PathPhase.Normal).Select(path => path.Path).Distinct(StringComparer.Ordinal)
            .Select(name => new PathChange(name, Latency(before, name), Latency(after, name)))
            .ToList();
        var bandwidth = before.Concat(after).SelectMany(run => run.Bandwidth).Select(row => (row.DeviceKind, row.Channel)).Distinct()
            .Select(key => new BandwidthChange(key.DeviceKind, key.Channel, Bytes(before, key), Bytes(after, key)))
            .ToList();
        var heals = before.Concat(after).SelectMany(run => run.Heals).Select(heal => heal.Fault).Distinct(StringComparer.Ordinal)
            .Select(fault => new HealChange(fault, Heal(before, fault), Heal(after, fault)))
            .ToList();
        return new RunComparison(beforeLabel, afterLabel, [RunSide.Of(before), RunSide.Of(after)], targets, paths, bandwidth, heals);
    }

    private static Spread? Bytes(IReadOnlyList<RunReport> runs, (string DeviceKind, string Channel) key) =>
        Spread.Of(runs.SelectMany(run => run.Bandwidth.Where(row => row.DeviceKind == key.DeviceKind && row.Channel == key.Channel)).Select(row => row.BytesPerDevicePerDay));

    private static HealSide Heal(IReadOnlyList<RunReport> runs, string fault)
    {
        var heals = runs.SelectMany(run => run.Heals.Where(heal => heal.Fault == fault)).ToList();
        return new HealSide(heals.Count, heals.Count(heal => heal.ConvergedAfterSeconds is null), Spread.Of(heals.Where(heal => heal.ConvergedAfterSeconds is not null).Select(heal => heal.ConvergedAfterSeconds!.Value)));
    }

    private static TargetSide Side(IReadOnlyList<RunReport> runs, string id)
    {
        var results = runs.SelectMany(run => run.Targets.Where(target => target.Id == id)).ToList();
        return new TargetSide(
            Spread.Of(results.Where(target => target.Measured is not null).Select(target => target.Measured!.Value)),
            results.Count(target => target.Verdict is TargetVerdict.Pass or TargetVerdict.UnexpectedPass),
            results.Count(target => target.Verdict is TargetVerdict.Fail or TargetVerdict.ExpectedFail));
    }

    private static PathSide Latency(IReadOnlyList<RunReport> runs, string name)
    {
        var paths = runs.SelectMany(run => run.Paths.Where(path => path.Path == name && path.Phase == PathPhase.Normal)).ToList();
        return new PathSide(Spread.Of(paths.Select(path => path.P50)), Spread.Of(paths.Select(path => path.P99)));
    }
}

/// <summary>One side's runs: the variant they ran, how many, how many converged, their seeds and trace hashes.</summary>
public sealed record RunSide(string Variant, int Runs, int Converged, IReadOnlyList<ulong> Seeds, IReadOnlyList<string> TraceHashes)
{
    public static RunSide Of(IReadOnlyList<RunReport> runs)
    {
        var sorted = runs.OrderBy(run => run.Seed).ThenBy(run => run.TraceHash, StringComparer.Ordinal).ToList();
        return new RunSide(
            string.Join(", ", sorted.Select(run => run.Variant).Distinct(StringComparer.Ordinal)),
            sorted.Count,
            sorted.Count(run => run.Convergence.Converged),
            sorted.Select(run => run.Seed).ToList(),
            sorted.Select(run => run.TraceHash).ToList());
    }
}

/// <summary>One target on both sides.</summary>
public sealed record TargetChange(string Id, string Expected, string Unit, TargetSide Before, TargetSide After)
{
    /// <summary>Within its limit in every measured run before, over it in some run after.</summary>
    public bool Regressed => Before.Over == 0 && Before.Within > 0 && After.Over > 0;

    /// <summary>Over its limit in some run before, within it in every measured run after.</summary>
    public bool Improved => Before.Over > 0 && After.Over == 0 && After.Within > 0;
}

/// <summary>A target's measured values on one side, and how many runs kept within its limit or went over it (runs that did not measure it count in neither).</summary>
public sealed record TargetSide(Spread? Measured, int Within, int Over);

/// <summary>One path's normal-phase latency on both sides.</summary>
public sealed record PathChange(string Path, PathSide Before, PathSide After);

/// <summary>A path's p50 and p99 spread on one side, in milliseconds.</summary>
public sealed record PathSide(Spread? P50, Spread? P99);

/// <summary>Bytes per device per day of one device kind on one channel, on both sides.</summary>
public sealed record BandwidthChange(string DeviceKind, string Channel, Spread? Before, Spread? After);

/// <summary>Convergence after the heals of one kind of fault, on both sides.</summary>
public sealed record HealChange(string Fault, HealSide Before, HealSide After);

/// <summary>One side's heals of a fault: how many, how many did not converge within the run, and the seconds the others took.</summary>
public sealed record HealSide(int Heals, int NotConverged, Spread? ConvergedAfterSeconds);
