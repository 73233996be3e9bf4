namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// A clock that keeps the due time of every timer created on it and, like the real timers, refuses
/// a wait longer than about 49.7 days; it delegates everything else to the simulated clock it wraps.
/// </summary>
internal sealed class RecordingTime(TimeProvider inner) : TimeProvider
{
    /// <summary>System.Threading.Timer's longest due time (0xfffffffe ms).</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    public List<TimeSpan> Waits { get; } = [];

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dueTime, LongestWait);
        Waits.Add(dueTime);
        return inner.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Timers created from <paramref name="skip"/> on whose due time lies in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public int WaitsBetween(TimeSpan from, TimeSpan to, int skip = 0) => Waits.Skip(skip).Count(wait => wait >= from && wait <= to);
}
