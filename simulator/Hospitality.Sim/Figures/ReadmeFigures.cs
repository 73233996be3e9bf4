using System.Globalization;
using System.Text;
using Hospitality.Sim.Demo;
using Hospitality.Sim.Metrics;

namespace Hospitality.Sim.Figures;

/// <summary>
/// Every deterministic figure the README quotes, measured now: the sync-performance rows, the
/// use-case worlds' propagation, the demo's output and event counts with their trace hashes. Each
/// is a <see cref="FigureSection"/> that <c>hsim readme</c> writes between the README's markers and
/// a test compares with them, so a README figure cannot go stale. All of it runs in about half a
/// minute; the 24-hour scenarios are left to the hand-written, dated figures.
/// </summary>
public static class ReadmeFigures
{
    /// <summary>The demo runs of the README's table: (devices, virtual seconds), seed 1, as <c>hsim network-demo</c> runs by default.</summary>
    public static readonly IReadOnlyList<(int Devices, int Seconds)> DemoRuns = [(50, 60), (200, 120), (500, 600), (1000, 60)];

    public static IReadOnlyList<FigureSection> Measure() =>
    [
        SyncPerformanceSection(),
        PropagationSection(),
        DemoOutputSection(),
        DemoEventsSection(),
    ];

    private static FigureSection SyncPerformanceSection()
    {
        var medium = UseCaseWorlds.MediumHotel().Path(PropagationProbe.SameProperty);
        var viaGreengrass = SyncPerformance.InitialSync(viaCloud: false);
        var viaCloud = SyncPerformance.InitialSync(viaCloud: true);
        var batchGreengrass = SyncPerformance.Batch(viaCloud: false);
        var batchCloud = SyncPerformance.Batch(viaCloud: true);
        var offline = SyncPerformance.OfflineQueue();
        var table = new StringBuilder()
            .AppendLine("| what | measured | seed guide |")
            .AppendLine("|---|---|---|")
            .AppendLine(Invariant($"| device-to-device propagation, 10 tablets + Greengrass on LAN, {medium.Deliveries:N0} deliveries | p50 {Ms(medium.P50)}, p99 {Ms(medium.P99)} | < 50 ms |"))
            .AppendLine(Invariant($"| initial sync of 1,000 documents via {Upstream(viaGreengrass.Endpoint)} (Wi-Fi tablet, finding it by mDNS included) | {Seconds(viaGreengrass.Elapsed)} | 5 s |"))
            .AppendLine(Invariant($"| initial sync of 1,000 documents via {Upstream(viaCloud.Endpoint)} (Greengrass down, includes failed probes) | {Seconds(viaCloud.Elapsed)} | 20 s |"))
            .AppendLine(Invariant($"| batch of 50 documents, one tablet to another via {Upstream(batchGreengrass.Endpoint)} | {Ms(batchGreengrass.Elapsed.TotalMilliseconds)} | 200 ms |"))
            .AppendLine(Invariant($"| batch of 50 documents, one tablet to another via {Upstream(batchCloud.Endpoint)} | {Ms(batchCloud.Elapsed.TotalMilliseconds)} | 1 s |"))
            .AppendLine(Invariant($"| offline queue of 100 documents flushed after a partition heals | {Seconds(offline)} (reconnect backoff included) | instant / 10 s |"));
        return new FigureSection("sync-performance", table.ToString());
    }

    private static FigureSection PropagationSection()
    {
        var small = UseCaseWorlds.SmallHotel();
        var medium = UseCaseWorlds.MediumHotel();
        var chain = UseCaseWorlds.Chain();
        var resort = UseCaseWorlds.Resort();
        var table = new StringBuilder()
            .AppendLine("| world | path | deliveries | p50 | p99 |")
            .AppendLine("|---|---|---|---|---|");
        Row(table, "use case 1: 3 tablets, no Greengrass, Wi-Fi (60 writes)", small.Path("device→device"), "device→device (via cloud)");
        Row(table, "use case 2: 10 tablets + Greengrass, LAN (100 writes)", medium.Path("device→device"), "device→device");
        Row(table, "use case 3: 5 properties of 2 tablets (1 write)", chain.Path("device→device, other property"), "device→device, other property");
        Row(table, "use case 4: 3 segments of 167 Wi-Fi devices (300 writes)", resort.Path("device→device"), "device→device, same segment");
        Row(table, "use case 4: 3 segments of 167 Wi-Fi devices (300 writes)", resort.Path("device→device, other property"), "device→device, other segment");
        table.AppendLine()
            .AppendLine(Invariant($"In use case 3 the write reached the cloud after {Seconds(chain.Timings["to cloud"])}, every Greengrass after {Seconds(chain.Timings["to every Greengrass"])} and every tablet after {Seconds(chain.Timings["to every tablet"])}: an idle Greengrass pushes to the cloud at once (adaptive batching holds a write at most 2 s under load)."));
        return new FigureSection("propagation", table.ToString());
    }

    private static FigureSection DemoOutputSection()
    {
        var result = DemoWorld.Run(seed: 42, devices: 200, TimeSpan.FromSeconds(120));
        var text = new StringBuilder()
            .AppendLine("```text")
            .AppendLine("$ dotnet run --project simulator/Hospitality.Sim.Cli -c Release -- network-demo --seed 42 --devices 200 --seconds 120");
        foreach (var line in DemoText.Lines(result, wall: null))
        {
            text.AppendLine(line);
        }

        return new FigureSection("network-demo-output", text.AppendLine("```").ToString());
    }

    private static FigureSection DemoEventsSection()
    {
        var table = new StringBuilder()
            .AppendLine("| devices | virtual s | events (seed 1) | trace hash |")
            .AppendLine("|---|---|---|---|");
        foreach (var (devices, seconds) in DemoRuns)
        {
            var result = DemoWorld.Run(seed: 1, devices, TimeSpan.FromSeconds(seconds));
            table.AppendLine(Invariant($"| {devices:N0} | {seconds} | {result.Events:N0} | `{result.TraceHash}` |"));
        }

        return new FigureSection("network-demo-events", table.ToString());
    }

    private static void Row(StringBuilder table, string world, PathLatency path, string label) =>
        table.AppendLine(Invariant($"| {world} | {label} | {path.Deliveries:N0} | {Ms(path.P50)} | {Ms(path.P99)} |"));

    /// <summary>Three significant figures at most, in ms below 1 s and in s above.</summary>
    private static string Ms(double milliseconds) => milliseconds switch
    {
        < 10 => Invariant($"{milliseconds:F2} ms"),
        < 100 => Invariant($"{milliseconds:F1} ms"),
        < 1_000 => Invariant($"{milliseconds:F0} ms"),
        < 10_000 => Invariant($"{milliseconds / 1000:F2} s"),
        _ => Invariant($"{milliseconds / 1000:F1} s"),
    };

    private static string Upstream(string endpoint) => endpoint == "greengrass" ? "Greengrass" : endpoint;

    private static string Seconds(TimeSpan span) => Invariant($"{span.TotalSeconds:F2} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
