namespace Hospitality.Reports.Model;

/// <summary>A time series over the run, e.g. writes per minute or p99 propagation per minute.</summary>
public sealed record SeriesReport(string Name, string Unit, IReadOnlyList<SeriesPoint> Points);

public sealed record SeriesPoint(double Seconds, double Value);
