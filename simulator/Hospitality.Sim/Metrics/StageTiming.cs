using HdrHistogram;

namespace Hospitality.Sim.Metrics;

/// <summary>
/// How long messages waited at one kind of queue, and how long they were then served, in 100 ns
/// ticks: one histogram record per event, nothing allocated per message.
/// </summary>
public sealed class StageTiming
{
    /// <summary>An hour: longer waits are recorded as an hour (a queue stuck that long is a failure the report shows anyway).</summary>
    public const long HighestTicks = 36_000_000_000;

    internal StageTiming(QueueKind kind, string where, bool served)
    {
        Kind = kind;
        Where = where;
        Service = served ? new LongHistogram(HighestTicks, 2) : null;
    }

    public QueueKind Kind { get; }

    /// <summary>Which of its kind: a link profile and direction, a node role and work kind.</summary>
    public string Where { get; }

    /// <summary>Time from joining the queue to being taken up, in ticks (2 significant digits).</summary>
    public LongHistogram Wait { get; } = new(HighestTicks, 2);

    /// <summary>Time being served once taken up, in ticks; null where nothing serves (a wait only).</summary>
    public LongHistogram? Service { get; }

    public void Record(long waitTicks, long serviceTicks)
    {
        Wait.RecordValue(Clamp(waitTicks));
        Service?.RecordValue(Clamp(serviceTicks));
    }

    public void RecordWait(long waitTicks) => Wait.RecordValue(Clamp(waitTicks));

    private static long Clamp(long ticks) => ticks < 0 ? 0 : ticks > HighestTicks ? HighestTicks : ticks;
}
