using Hospitality.Reports.Model;

namespace Hospitality.Sim.Scenarios;

/// <summary>
/// Judges a scenario's targets on measurements made elsewhere (hsim live's real processes), by the
/// same rules as a simulated run: latency on the deliveries no fault touched, bandwidth per device per day.
/// </summary>
public static class MeasuredTargets
{
    public static IReadOnlyList<TargetResult> Judge(Scenario scenario, TargetCatalog targets, ulong seed, IReadOnlyList<PathReport> paths, IReadOnlyList<BandwidthReport> bandwidth, IReadOnlyDictionary<string, double> initialSyncSeconds)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(targets);
        var measured = new RunMeasurements(paths, bandwidth, [], initialSyncSeconds, scenario.Devices);
        return scenario.Targets.Select(id => measured.Judge(targets[id], scenario.Expect, seed)).ToList();
    }
}
