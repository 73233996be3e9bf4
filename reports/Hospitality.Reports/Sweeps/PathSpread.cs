namespace Hospitality.Reports.Sweeps;

/// <summary>Latency of one path kind across the runs that measured it.</summary>
public sealed record PathSpread(string Path, int Runs, Spread? P50, Spread? P99, Spread? Max);
