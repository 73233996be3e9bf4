namespace Hospitality.Sim.Metrics;

/// <summary>
/// One hop of one path kind's deliveries through the servers, in virtual milliseconds, and the share
/// of the time of the path's deliveries at or beyond its p99 (p99.9) that this hop took.
/// </summary>
public sealed record HopLatency(string Path, HopKind Hop, DeliveryPhase Phase, long Deliveries, double P50, double P99, double P999, double Max, double ShareOfP99Tail, double ShareOfP999Tail)
{
    /// <summary>The hop as the report names it, e.g. "greengrass→device".</summary>
    public string HopName => Label(Hop);

    public static string Label(HopKind hop) => hop switch
    {
        HopKind.DeviceToGreengrass => "device→greengrass",
        HopKind.DeviceToCloud => "device→cloud",
        HopKind.GreengrassToCloud => "greengrass→cloud",
        HopKind.CloudToGreengrass => "cloud→greengrass",
        HopKind.GreengrassToDevice => "greengrass→device",
        HopKind.CloudToDevice => "cloud→device",
        _ => "route unknown",
    };

    public override string ToString() => $"{Path} [{HopName}]: {Deliveries} deliveries, p50 {P50:F2} ms, p99 {P99:F2} ms, p99.9 {P999:F2} ms, max {Max:F2} ms, {ShareOfP99Tail:P0} of the p99 tail";
}
