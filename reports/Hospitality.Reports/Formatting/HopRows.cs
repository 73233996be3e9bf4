using Hospitality.Reports.Model;

namespace Hospitality.Reports.Formatting;

/// <summary>The hops table of report.md and report.html, as text: each path through the servers, then its hops in the order a write takes them.</summary>
public static class HopRows
{
    public const string WholePath = "whole path";

    public static readonly (string Header, bool Numeric)[] Columns =
    [
        ("Path", false), ("Hop", false), ("Deliveries", true), ("p50", true), ("p99", true), ("p99.9", true), ("max", true),
        ("Share of p99 tail", true), ("Share of p99.9 tail", true),
    ];

    public const string Explanation =
        "Each normal delivery that crossed a server, cut where a server stored the version: writer to Greengrass is the Greengrass's store time less the write's, "
        + "Greengrass to reader the reader's store time less the Greengrass's, and so on. A delivery's hops add up to its latency (percentiles do not add). "
        + "Share of the p99 (p99.9) tail: of the time of the path's deliveries at or beyond its p99 (p99.9), the part this hop took.";

    /// <summary>Normal deliveries only: each path with hops, its whole-path row first (from <paramref name="paths"/>), then its hops.</summary>
    public static IEnumerable<string[]> Rows(IReadOnlyList<HopReport> hops, IReadOnlyList<PathReport> paths)
    {
        foreach (var path in hops.Where(hop => hop.Phase == PathPhase.Normal).GroupBy(hop => hop.Path))
        {
            if (paths.FirstOrDefault(each => each.Path == path.Key && each.Phase == PathPhase.Normal) is { } whole)
            {
                yield return [path.Key, WholePath, Units.Count(whole.Deliveries), Units.Milliseconds(whole.P50), Units.Milliseconds(whole.P99), Units.Milliseconds(whole.P999), Units.Milliseconds(whole.Max), "", ""];
            }

            foreach (var hop in path)
            {
                yield return
                [
                    hop.Path, hop.Hop, Units.Count(hop.Deliveries), Units.Milliseconds(hop.P50), Units.Milliseconds(hop.P99), Units.Milliseconds(hop.P999), Units.Milliseconds(hop.Max),
                    Units.Percent(hop.ShareOfP99Tail), Units.Percent(hop.ShareOfP999Tail),
                ];
            }
        }
    }
}
