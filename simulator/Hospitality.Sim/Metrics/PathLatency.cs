namespace Hospitality.Sim.Metrics;

/// <summary>Propagation latency percentiles for one path kind, in virtual milliseconds.</summary>
public sealed record PathLatency(string Path, long Deliveries, double P50, double P90, double P99, double Max)
{
    public override string ToString() => $"{Path}: {Deliveries} deliveries, p50 {P50:F2} ms, p90 {P90:F2} ms, p99 {P99:F2} ms, max {Max:F2} ms";
}
