namespace Hospitality.Reports.Model;

/// <summary>
/// One hop of one path kind's deliveries through the servers (e.g. "greengrass→device" of
/// "device→device"): from one store to the next, in virtual milliseconds, counting the deliveries of
/// one <see cref="PathPhase"/>; and of the time of the path's deliveries at or beyond its p99 (p99.9),
/// the share (0-1) this hop took.
/// </summary>
public sealed record HopReport(string Path, string Hop, long Deliveries, double P50, double P99, double P999, double Max, double ShareOfP99Tail, double ShareOfP999Tail, PathPhase Phase = PathPhase.Normal);
