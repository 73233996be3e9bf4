using Hospitality.Reports.Model;

namespace Hospitality.Reports.Formatting;

/// <summary>The columns and cells of the custom links table, shared by report.md and report.html (cells are plain text).</summary>
internal static class LinkTable
{
    public static (string Header, bool Right)[] Columns { get; } =
        [("Link", false), ("Latency", true), ("Jitter (sd)", true), ("Tail p / scale", true), ("Loss", true), ("Up / down", true), ("Queue", true), ("MTU", true), ("Wi-Fi", false)];

    public static string[] Cells(LinkReport link) =>
    [
        link.Name,
        Units.Milliseconds(link.LatencyMs),
        Units.Milliseconds(link.JitterMs),
        link.TailProbability > 0 ? $"{Units.Percent(link.TailProbability)} / {Units.Milliseconds(link.TailScaleMs)}" : "-",
        Units.Percent(link.LossRate),
        link.UpBitsPerSecond == link.DownBitsPerSecond ? Units.BitRate(link.UpBitsPerSecond) : $"{Units.BitRate(link.UpBitsPerSecond)} / {Units.BitRate(link.DownBitsPerSecond)}",
        Binary(link.QueueBytes),
        Units.Count(link.MtuBytes),
        link.StationsPerAccessPoint is { } stations ? $"shared channel, {stations} stations per access point, {Units.Percent(link.AttemptErrorRate ?? 0)} failed attempts" : "dedicated",
    ];

    // As scenario files write sizes: 64 KiB, 1 MiB, or bytes.
    private static string Binary(int bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{Units.Count(bytes / (1024 * 1024))} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{Units.Count(bytes / 1024)} KiB",
        _ => $"{Units.Count(bytes)} B",
    };
}
