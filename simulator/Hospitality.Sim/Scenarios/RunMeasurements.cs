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
        var measured = Measure(target.Metric);
        var verdict = measured is null ? TargetVerdict.NotMeasured : measured <= target.Limit ? TargetVerdict.Pass : TargetVerdict.Fail;
        return new TargetResult(target.Id, target.Source, target.Description, target.Expected, target.Limit, measured, target.Unit, verdict);
    }

    private double? Measure(string metric)
    {
        if (metric.StartsWith("path-p50:", StringComparison.Ordinal))
        {
            return Paths.FirstOrDefault(path => path.Path == metric["path-p50:".Length..])?.P50;
        }

        if (metric.StartsWith("path-p99:", StringComparison.Ordinal))
        {
            return Paths.FirstOrDefault(path => path.Path == metric["path-p99:".Length..])?.P99;
        }

        return metric switch
        {
            "bandwidth-per-device" when Devices > 0 => Bandwidth.Sum(row => row.BytesPerDevicePerDay * row.Devices) / Devices / 1e6,
            "heal-max" => Heals.Count == 0 ? null : Heals.Max(heal => heal.ConvergedAfterSeconds ?? double.PositiveInfinity),
            // A device that never finished its initial sync fails the target outright.
            "initial-sync-max" => InitialSyncSeconds.Count == 0 ? null : InitialSyncSeconds.Count < Devices ? double.PositiveInfinity : InitialSyncSeconds.Values.Max(),
            _ => null,
        };
    }
}
