namespace Hospitality.Sim.Kernel;

/// <summary>
/// One machine's clock: its wall time is the simulation's plus an offset that can drift or jump
/// (NTP steps, a device left in airplane mode, a wrong time zone setting). Timestamps and timers
/// stay on virtual time, as a real OS keeps its monotonic clock apart from the wall clock.
/// </summary>
public sealed class SkewedClock(SimClock clock) : TimeProvider
{
    /// <summary>How far this machine's wall clock is ahead of true time (negative: behind).</summary>
    public TimeSpan Offset { get; set; }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow() + Offset;

    public override long GetTimestamp() => clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        clock.CreateTimer(callback, state, dueTime, period);
}
