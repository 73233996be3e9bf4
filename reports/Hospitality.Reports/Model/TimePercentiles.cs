namespace Hospitality.Reports.Model;

/// <summary>A distribution of times in milliseconds, as its median, p99, p99.9 and maximum.</summary>
public sealed record TimePercentiles(double P50, double P99, double P999, double Max);
