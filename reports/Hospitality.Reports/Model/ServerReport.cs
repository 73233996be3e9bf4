namespace Hospitality.Reports.Model;

/// <summary>
/// One server's processor over the run: the work it did by kind, its busy time, its mean and peak
/// utilisation (peak over the report's sampling buckets) and how long work queued behind other work.
/// </summary>
public sealed record ServerReport(
    string Name,
    string Role,
    long PullPages,
    long PushBatches,
    long LiveFanOuts,
    long HealthChecks,
    double BusySeconds,
    double MeanUtilisation,
    double PeakUtilisation,
    double QueueWaitP50Ms,
    double QueueWaitP99Ms,
    double QueueWaitP999Ms,
    double QueueWaitMaxMs);
