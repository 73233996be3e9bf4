using HdrHistogram;

namespace Hospitality.Sim.Metrics;

/// <summary>
/// How long messages waited at one kind of queue, and how long they were then served, in 100 ns
/// ticks: at most one histogram record per event, nothing allocated per message. Most waits are
/// zero (a free link, an in-order flow), so those are counted and folded into the histogram when it
/// is read: a long increment instead of a histogram record on the hottest path.
/// </summary>
public sealed class StageTiming
{
    /// <summary>An hour: longer waits are recorded as an hour (a queue stuck that long is a failure the report shows anyway).</summary>
    public const long HighestTicks = 36_000_000_000;

    private LongHistogram _wait;
    private long _zeroWaits;

    internal StageTiming(QueueKind kind, string where, bool served)
    {
        Kind = kind;
        Where = where;
        _wait = new LongHistogram(HighestTicks, 2);
        Service = served ? new LongHistogram(HighestTicks, 2) : null;
    }

    public QueueKind Kind { get; }

    /// <summary>Which of its kind: a link profile and direction, a node role and work kind.</summary>
    public string Where { get; }

    /// <summary>Time from joining the queue to being taken up, in ticks (2 significant digits), since the start or since the start-up ended.</summary>
    public LongHistogram Wait
    {
        get
        {
            FoldZeroWaits();
            return _wait;
        }
    }

    /// <summary>Time being served once taken up, in ticks; null where nothing serves (a wait only).</summary>
    public LongHistogram? Service { get; private set; }

    /// <summary>The waits until the start-up ended (<see cref="EndStartUp"/>); null while it has not.</summary>
    public LongHistogram? StartUpWait { get; private set; }

    /// <summary>The service times until the start-up ended; null while it has not, or where nothing serves.</summary>
    public LongHistogram? StartUpService { get; private set; }

    /// <summary>Sets what was recorded so far aside as the start-up's, and records afresh from now.</summary>
    internal void EndStartUp()
    {
        StartUpWait = Wait;
        StartUpService = Service;
        _wait = new LongHistogram(HighestTicks, 2);
        Service = Service is null ? null : new LongHistogram(HighestTicks, 2);
    }

    public void Record(long waitTicks, long serviceTicks)
    {
        RecordWait(waitTicks);
        Service?.RecordValue(Clamp(serviceTicks));
    }

    public void RecordWait(long waitTicks)
    {
        if (waitTicks <= 0)
        {
            _zeroWaits++;
            return;
        }

        _wait.RecordValue(waitTicks > HighestTicks ? HighestTicks : waitTicks);
    }

    private void FoldZeroWaits()
    {
        if (_zeroWaits > 0)
        {
            _wait.RecordValueWithCount(0, _zeroWaits);
            _zeroWaits = 0;
        }
    }

    private static long Clamp(long ticks) => ticks < 0 ? 0 : ticks > HighestTicks ? HighestTicks : ticks;
}
