using Hospitality.Reports.Model;

namespace Hospitality.Reports.Formatting;

/// <summary>The queues table of report.md and report.html, as text: one row per kind of queue at one place.</summary>
public static class QueueRows
{
    public static readonly (string Header, bool Numeric)[] Columns =
    [
        ("Queue", false), ("Where", false), ("Count", true),
        ("Wait p50", true), ("p99", true), ("p99.9", true), ("max", true),
        ("Served p50", true), ("p99", true), ("p99.9", true), ("max", true),
    ];

    public const string Explanation =
        "Every place a message waits in the simulator, after the start-up (every device's initial sync; its figures are in run.json) or over the whole run when it did not end: "
        + "how long a message waited there, then how long it was served. "
        + "A Wi-Fi queue waits for its station's turn on the air and is served by one transmission opportunity (channel access, collisions, airtime, retries); "
        + "a link queue waits behind earlier packets and is served by serialization; link delay is the hop's drawn one-way delay (base, jitter, tail) as service "
        + "and the hold behind an earlier packet of the same flow as wait; TCP rows are waits only (for send-buffer room, from written to first sent, from first sent to each resend); "
        + "a processor waits behind other work and is served by the work's service time.";

    /// <summary>The rows of normal operation: after the start-up, or the whole run.</summary>
    public static IEnumerable<string[]> Rows(IReadOnlyList<QueueReport> queues) => queues.Where(queue => queue.Period != QueuePeriod.StartUp).Select(queue => new[]
    {
        queue.Queue,
        queue.Where,
        Units.Count(queue.Count),
        Units.Wait(queue.Wait.P50),
        Units.Wait(queue.Wait.P99),
        Units.Wait(queue.Wait.P999),
        Units.Wait(queue.Wait.Max),
        Served(queue.Service?.P50),
        Served(queue.Service?.P99),
        Served(queue.Service?.P999),
        Served(queue.Service?.Max),
    });

    private static string Served(double? milliseconds) => milliseconds is { } value ? Units.Wait(value) : "-";
}
