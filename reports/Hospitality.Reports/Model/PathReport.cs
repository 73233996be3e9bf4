namespace Hospitality.Reports.Model;

/// <summary>
/// Propagation latency for one path kind (e.g. "device→device", "device→device, other property"):
/// written on A at t0, stored on B at t1, per write per replica, in virtual milliseconds, counting
/// only the deliveries of one <see cref="PathPhase"/>.
/// </summary>
public sealed record PathReport(string Path, long Deliveries, double P50, double P90, double P99, double P999, double Max, IReadOnlyList<CdfPoint> Cdf, PathPhase Phase = PathPhase.Normal);

/// <summary>A point of a latency CDF: this fraction (0-1) of deliveries took at most this long.</summary>
public sealed record CdfPoint(double Milliseconds, double Fraction);
