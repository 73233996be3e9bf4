using Hospitality.Reports.Model;

namespace Hospitality.Reports.Formatting;

/// <summary>The servers table of report.md and report.html, as text: one row per server's processor.</summary>
public static class ServerRows
{
    public static readonly (string Header, bool Numeric)[] Columns =
    [
        ("Server", false), ("Pull pages", true), ("Push batches", true), ("Live fan-outs", true), ("Health", true),
        ("Busy", true), ("Mean use", true), ("Peak use", true), ("Queue wait p50", true), ("p99", true), ("p99.9", true), ("max", true),
    ];

    public const string Explanation =
        "Each server's processor: its work by kind, each with a service time calibrated from the engine's benchmarks (docs/network-model.md), "
        + "queued first come, first served. Use is busy time over elapsed time (peak: the busiest sampling bucket); queue wait is how long work waited behind other work.";

    public static IEnumerable<string[]> Rows(IReadOnlyList<ServerReport> servers) => servers.Select(server => new[]
    {
        server.Name,
        Units.Count(server.PullPages),
        Units.Count(server.PushBatches),
        Units.Count(server.LiveFanOuts),
        Units.Count(server.HealthChecks),
        Units.Duration(server.BusySeconds),
        Use(server.MeanUtilisation),
        Use(server.PeakUtilisation),
        Units.Wait(server.QueueWaitP50Ms),
        Units.Wait(server.QueueWaitP99Ms),
        Units.Wait(server.QueueWaitP999Ms),
        Units.Wait(server.QueueWaitMaxMs),
    });

    // A Greengrass is idle almost all day: tiny shares read better as bounds than in E notation.
    private static string Use(double fraction) => fraction < 0.0001 ? "< 0.01%" : Units.Percent(fraction);
}
