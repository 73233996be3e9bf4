using Hospitality.Reports.Model;

namespace Hospitality.Sim.Scenarios;

/// <summary>What a run measured, in the units targets.yaml speaks, and the verdict for each target.</summary>
internal sealed record RunMeasurements(
    IReadOnlyList<PathReport> Paths,
    IReadOnlyList<BandwidthReport> Bandwidth,
    IReadOnlyList<HealReport> Heals,
    IReadOnlyDictionary<string, double> InitialSyncSeconds,
    int Devices)
{
    public TargetResult Judge(TargetSpec target)
    {
        var (measured, failed) = Measure(target.Metric);
        var verdict = failed || measured > target.Limit ? TargetVerdict.Fail : measured is null ? TargetVerdict.NotMeasured : TargetVerdict.Pass;
        return new TargetResult(target.Id, target.Source, target.Description, target.Expected, target.Limit, measured, target.Unit, verdict);
    }

    // A measurement that never completed (a heal that did not converge, a device that never
    // finished its initial sync) fails without a number.
    private (double? Value, bool NeverCompleted) Measure(string metric)
    {
        if (metric.StartsWith("path-p50:", StringComparison.Ordinal))
        {
            return (Paths.FirstOrDefault(path => path.Path == metric["path-p50:".Length..])?.P50, false);
        }

        if (metric.StartsWith("path-p99:", StringComparison.Ordinal))
        {
            return (Paths.FirstOrDefault(path => path.Path == metric["path-p99:".Length..])?.P99, false);
        }

        return metric switch
        {
            "bandwidth-per-device" when Devices > 0 => (Bandwidth.Sum(row => row.BytesPerDevicePerDay * row.Devices) / Devices / 1e6, false),
            "heal-max" when Heals.Count > 0 => Heals.Any(heal => heal.ConvergedAfterSeconds is null) ? (null, true) : (Heals.Max(heal => heal.ConvergedAfterSeconds!.Value), false),
            "initial-sync-max" when Devices > 0 => InitialSyncSeconds.Count < Devices ? (null, true) : (InitialSyncSeconds.Values.Max(), false),
            _ => (null, false),
        };
    }
}
