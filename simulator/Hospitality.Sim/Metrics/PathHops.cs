using HdrHistogram;

namespace Hospitality.Sim.Metrics;

/// <summary>
/// One path kind's hops in one phase: a histogram per hop kind, and how much of the time of the
/// path's slowest deliveries each hop took. "Slowest" is against the path's running p99 and p99.9,
/// read from its histogram as deliveries arrive (after each eighth more deliveries, at most every
/// 1,024), so the shares need no second pass; early deliveries are judged against an estimate that is
/// still settling.
/// </summary>
internal sealed class PathHops
{
    private const long HighestMicroseconds = 86_400L * 1_000_000;
    private const long RefreshEvery = 1_024;
    private static readonly int HopKinds = Enum.GetValues<HopKind>().Length;

    private readonly LongHistogram _path;
    private readonly LongHistogram?[] _hops = new LongHistogram?[HopKinds];
    private readonly long[] _beyondP99Ticks = new long[HopKinds];
    private readonly long[] _beyondP999Ticks = new long[HopKinds];
    private long _recorded;
    private long _nextRefresh = 1;
    private long _p99Microseconds;
    private long _p999Microseconds;

    /// <param name="path">The path's own histogram (all its deliveries in this phase), whose percentiles say what is slow.</param>
    public PathHops(LongHistogram path) => _path = path;

    /// <summary>One delivery's hops (writer first) and its whole latency in ticks.</summary>
    public void Record(ReadOnlySpan<(HopKind Hop, long Ticks)> hops, long totalTicks)
    {
        if (++_recorded >= _nextRefresh)
        {
            _p99Microseconds = _path.LowestEquivalentValue(_path.GetValueAtPercentile(99));
            _p999Microseconds = _path.LowestEquivalentValue(_path.GetValueAtPercentile(99.9));
            _nextRefresh = _recorded + Math.Clamp(_recorded / 8, 1, RefreshEvery);
        }

        var totalMicroseconds = totalTicks / 10;
        var beyondP99 = totalMicroseconds >= _p99Microseconds;
        var beyondP999 = totalMicroseconds >= _p999Microseconds;
        foreach (var (hop, ticks) in hops)
        {
            var histogram = _hops[(int)hop] ??= new LongHistogram(HighestMicroseconds, 3);
            histogram.RecordValue(Math.Min(ticks / 10, HighestMicroseconds));
            if (beyondP99)
            {
                _beyondP99Ticks[(int)hop] += ticks;
            }

            if (beyondP999)
            {
                _beyondP999Ticks[(int)hop] += ticks;
            }
        }
    }

    /// <summary>Each hop kind seen, in route order, with its percentiles and its share of the slowest deliveries' time.</summary>
    public IEnumerable<HopLatency> Latencies(string path, DeliveryPhase phase)
    {
        var beyondP99 = _beyondP99Ticks.Sum();
        var beyondP999 = _beyondP999Ticks.Sum();
        for (var hop = 0; hop < HopKinds; hop++)
        {
            if (_hops[hop] is not { } histogram)
            {
                continue;
            }

            yield return new HopLatency(
                path,
                (HopKind)hop,
                phase,
                histogram.TotalCount,
                Milliseconds(histogram.GetValueAtPercentile(50)),
                Milliseconds(histogram.GetValueAtPercentile(99)),
                Milliseconds(histogram.GetValueAtPercentile(99.9)),
                Milliseconds(histogram.GetMaxValue()),
                beyondP99 == 0 ? 0 : _beyondP99Ticks[hop] / (double)beyondP99,
                beyondP999 == 0 ? 0 : _beyondP999Ticks[hop] / (double)beyondP999);
        }
    }

    private static double Milliseconds(long microseconds) => microseconds / 1000.0;
}
