using Hospitality.Reports.Model;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// What a run measured, in the units targets.yaml speaks, and the verdict for each target: a latency
/// target is judged on the deliveries no fault touched, an offline-queue target on the heals.
/// </summary>
internal sealed record RunMeasurements(
    IReadOnlyList<PathReport> Paths,
    IReadOnlyList<BandwidthReport> Bandwidth,
    IReadOnlyList<HealReport> Heals,
    IReadOnlyDictionary<string, double> InitialSyncSeconds,
    int Devices)
{
    public TargetResult Judge(TargetSpec target, ScenarioExpectation expectation, ulong seed)
    {
        var (measured, failed, phase) = Measure(target.Metric);
        var verdict = failed || measured > target.Limit ? TargetVerdict.Fail : measured is null ? TargetVerdict.NotMeasured : TargetVerdict.Pass;
        var because = expectation.Because(target.Id, seed);
        if (because is not null)
        {
            verdict = verdict == TargetVerdict.Fail ? TargetVerdict.ExpectedFail : TargetVerdict.UnexpectedPass;
        }

        return new TargetResult(target.Id, target.Source, target.Description, target.Expected, target.Limit, measured, target.Unit, verdict, phase, because);
    }

    // A measurement that never completed (a heal that did not converge, a device that never
    // finished its initial sync) fails without a number.
    private (double? Value, bool NeverCompleted, TargetPhase Phase) Measure(string metric)
    {
        if (metric.StartsWith("path-p50:", StringComparison.Ordinal))
        {
            return (NormalPath(metric["path-p50:".Length..])?.P50, false, TargetPhase.NormalOperation);
        }

        if (metric.StartsWith("path-p99:", StringComparison.Ordinal))
        {
            return (NormalPath(metric["path-p99:".Length..])?.P99, false, TargetPhase.NormalOperation);
        }

        return metric switch
        {
            "bandwidth-per-device" when Devices > 0 => (Bandwidth.Sum(row => row.BytesPerDevicePerDay * row.Devices) / Devices / 1e6, false, TargetPhase.WholeRun),
            "heal-max" when Heals.Count > 0 => Heals.Any(heal => heal.ConvergedAfterSeconds is null) ? (null, true, TargetPhase.Heals) : (Heals.Max(heal => heal.ConvergedAfterSeconds!.Value), false, TargetPhase.Heals),
            "heal-max" => (null, false, TargetPhase.Heals),
            "initial-sync-max" when Devices > 0 => InitialSyncSeconds.Count < Devices ? (null, true, TargetPhase.StartUp) : (InitialSyncSeconds.Values.Max(), false, TargetPhase.StartUp),
            "initial-sync-max" => (null, false, TargetPhase.StartUp),
            "bandwidth-per-device" => (null, false, TargetPhase.WholeRun),
            _ => (null, false, TargetPhase.NotSimulated),
        };
    }

    private PathReport? NormalPath(string path) => Paths.FirstOrDefault(each => each.Path == path && each.Phase == PathPhase.Normal);
}
