namespace Hospitality.Reports.Model;

/// <summary>
/// A link profile the scenario file defined (<c>links:</c>), with the numbers it ran on, so a report
/// says what "wifi-basement" was. One-way per hop; the Wi-Fi fields are null on a dedicated link.
/// </summary>
public sealed record LinkReport(
    string Name,
    double LatencyMs,
    double JitterMs,
    double TailProbability,
    double TailScaleMs,
    double LossRate,
    long UpBitsPerSecond,
    long DownBitsPerSecond,
    int QueueBytes,
    int MtuBytes,
    int? StationsPerAccessPoint = null,
    double? AttemptErrorRate = null);
