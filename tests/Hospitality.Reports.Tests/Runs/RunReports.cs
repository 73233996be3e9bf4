using FsCheck;
using FsCheck.Fluent;
using Hospitality.Reports.Model;

namespace Hospitality.Reports.Tests.Runs;

/// <summary>
/// Generated run reports: any shape (empty lists, one path, many), names with the characters that break
/// Markdown and HTML (pipes, angle brackets, ampersands, quotes, new lines, control characters, non-ASCII),
/// finite numbers from tiny to huge (±1e13), negative ones included.
/// </summary>
internal static class RunReports
{
    private static readonly string[] Fragments =
    [
        "device→greengrass", "a|b", "<script>", "&amp;", "\"quoted\"", "it's", "line\nbreak", "tab\there", "bell\u0007",
        "émoji 🛎️", "` backtick", "[link](x)", "**bold**", "wing B Wi-Fi", "", " ", "100%", "\\",
    ];

    /// <summary>Up to <paramref name="countMax"/> items: reports have a handful of paths and series, and each chart costs time to draw.</summary>
    public static Gen<List<T>> Few<T>(int countMax, Gen<T> item) =>
        from count in Gen.Choose(0, countMax)
        from items in Gen.ArrayOf(item, count)
        select items.ToList();

    public static Gen<string> Text =>
        Gen.Frequency(
            (3, Gen.Elements(Fragments)),
            (2, Gen.Elements("lan", "internet", "cellular", "wifi", "housekeeping-phone", "front-desk-tablet")),
            (1, Gen.Elements(Fragments).ArrayOf().Select(parts => string.Concat(parts))));

    public static Gen<double> Number =>
        Gen.Frequency(
            (3, Gen.Choose(0, 100_000).Select(value => value / 100.0)),
            (1, Gen.Elements(0.0, 1e-9, 0.5, 1.0, 999.5, 1e12, 123_456_789.123)),
            (1, Gen.Choose(-1_000_000, 1_000_000).Two().Select(pair => pair.Item1 * Math.Pow(10, pair.Item2 % 10) / 1_000.0)));

    public static Gen<double?> OptionalNumber =>
        Gen.Frequency((3, Number.Select(value => (double?)value)), (1, Gen.Constant<double?>(null)));

    public static Gen<PathReport> Path =>
        from name in Text
        from deliveries in Gen.Choose(0, int.MaxValue).Select(value => (long)value)
        from percentiles in Gen.ArrayOf(Number, 5)
        from cdf in Few(40, from ms in Number from fraction in Gen.Choose(0, 1000) select new CdfPoint(ms, fraction / 1000.0))
        select new PathReport(name, deliveries, percentiles[0], percentiles[1], percentiles[2], percentiles[3], percentiles[4], cdf);

    public static Gen<SeriesReport> Series =>
        from name in Text
        from unit in Text
        from points in Few(40, from seconds in Number from value in Number select new SeriesPoint(seconds, value))
        select new SeriesReport(name, unit, points);

    public static Gen<BandwidthReport> Bandwidth =>
        from kind in Text
        from channel in Text
        from devices in Gen.Choose(0, 10_000)
        from bytes in Number
        select new BandwidthReport(kind, channel, devices, bytes);

    public static Gen<HealReport> Heal =>
        from fault in Text
        from started in Number
        from healed in Number
        from converged in OptionalNumber
        select new HealReport(fault, started, healed, converged);

    public static Gen<TargetResult> Target =>
        from id in Text
        from source in Text
        from description in Text
        from expected in Text
        from limit in Number
        from measured in OptionalNumber
        from unit in Gen.Elements("ms", "s", "MB/day", "%", "", "writes/s")
        from verdict in Gen.Elements(TargetVerdict.Pass, TargetVerdict.Fail, TargetVerdict.NotMeasured)
        select new TargetResult(id, source, description, expected, limit, measured, unit, verdict);

    public static Gen<SegmentTopology> Segment =>
        from name in Text
        from kind in Text
        from uplink in Text
        from hosts in Few(
            4,
            from role in Gen.Elements("device", "server", "peer")
            from kind in Text
            from link in Text
            from count in Gen.Choose(0, 500)
            select new HostGroup(role, kind, link, count))
        select new SegmentTopology(name, kind, uplink, hosts);

    public static Gen<ServerReport> Server =>
        from name in Text
        from role in Gen.Elements("cloud", "greengrass")
        from counts in Gen.ArrayOf(Gen.Choose(0, int.MaxValue).Select(value => (long)value), 4)
        from numbers in Gen.ArrayOf(Number, 7)
        select new ServerReport(name, role, counts[0], counts[1], counts[2], counts[3], numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6]);

    public static Gen<HopReport> Hop =>
        from path in Text
        from hop in Gen.Elements("device→greengrass", "greengrass→device", "cloud→device", "route unknown", "a|b")
        from deliveries in Gen.Choose(0, int.MaxValue).Select(value => (long)value)
        from numbers in Gen.ArrayOf(Number, 6)
        from phase in Gen.Elements(PathPhase.Normal, PathPhase.DuringFault, PathPhase.AfterFault)
        select new HopReport(path, hop, deliveries, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], phase);

    public static Gen<TimePercentiles> Times =>
        from numbers in Gen.ArrayOf(Number, 4)
        select new TimePercentiles(numbers[0], numbers[1], numbers[2], numbers[3]);

    public static Gen<QueueReport> Queue =>
        from queue in Gen.Elements("Wi-Fi access point queue", "link queue", "TCP retransmission", "processor")
        from place in Text
        from count in Gen.Choose(0, int.MaxValue).Select(value => (long)value * 7)
        from wait in Times
        from served in Gen.Elements(false, true)
        from service in Times
        from period in Gen.Elements(QueuePeriod.WholeRun, QueuePeriod.StartUp, QueuePeriod.AfterStartUp)
        select new QueueReport(queue, place, count, wait, served ? service : null, period);

    public static Gen<CostReport?> Cost =>
        from present in Gen.Elements(false, true)
        from file in Text
        from currency in Gen.Elements("USD", "EUR", "")
        from factor in Number
        from prices in Few(5, from item in Text from price in Text from source in Text select new PriceReport(item, price, source))
        from properties in Few(4,
            from name in Text
            from topology in Text
            from numbers in Gen.ArrayOf(Number, 8)
            from seed in OptionalNumber
            select new PropertyCost(name, topology, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6], seed))
        select present ? new CostReport(file, currency, factor, prices, properties) : null;

    public static Gen<RunReport> Any =>
        from scenario in Text
        from description in Text
        from file in Text
        from seed in ArbMap.Default.GeneratorFor<ulong>()
        from hash in Gen.Elements("38b433ca09bbb004", "0000000000000000", "ffffffffffffffff")
        from times in Gen.ArrayOf(Number, 2)
        from events in Gen.Choose(0, int.MaxValue).Select(value => (long)value * 3)
        from memory in Gen.Choose(0, int.MaxValue).Select(value => (long)value * 2)
        from segments in Few(4, Segment)
        from paths in Few(5, Path)
        from series in Few(3, Series)
        from bandwidth in Few(6, Bandwidth)
        from heals in Few(5, Heal)
        from targets in Few(12, Target)
        from converged in Gen.Elements(false, true)
        from acknowledged in Gen.Choose(0, 1_000_000)
        from divergences in Few(3, Text)
        from servers in Few(3, Server)
        from hops in Few(6, Hop)
        from queues in Few(6, Queue)
        from cost in Cost
        select new RunReport
        {
            Scenario = scenario,
            Description = description,
            ScenarioFile = file,
            Seed = seed,
            TraceHash = hash,
            VirtualSeconds = times[0],
            WallSeconds = times[1],
            Events = events,
            PeakMemoryBytes = memory,
            Topology = new TopologyReport(segments),
            Paths = paths,
            Series = series,
            Bandwidth = bandwidth,
            Heals = heals,
            Targets = targets,
            Convergence = new ConvergenceReport(converged, acknowledged, segments.Count, divergences.Count, divergences),
            Servers = servers,
            Hops = hops,
            Queues = queues,
            Cost = cost,
        };
}
