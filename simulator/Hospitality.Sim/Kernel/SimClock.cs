namespace Hospitality.Sim.Kernel;

/// <summary>
/// Virtual time as a <see cref="TimeProvider"/>: <c>clock.Delay(d)</c> (TimeProviderDelay), <c>PeriodicTimer</c>
/// and <c>CancellationTokenSource(d, clock)</c> all wait on the kernel's event queue, to the tick.
/// Timestamps are 100 ns ticks since the start of the run.
/// </summary>
public sealed class SimClock : TimeProvider
{
    private readonly Simulation _simulation;

    internal SimClock(Simulation simulation, DateTimeOffset epoch)
    {
        _simulation = simulation;
        Epoch = epoch;
    }

    /// <summary>The wall-clock instant that virtual time zero stands for.</summary>
    public DateTimeOffset Epoch { get; }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(_simulation.Now.Ticks);

    public override long GetTimestamp() => _simulation.Now.Ticks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimTimer(_simulation, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }
}
