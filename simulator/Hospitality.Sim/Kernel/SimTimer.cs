namespace Hospitality.Sim.Kernel;

/// <summary>
/// A timer on the kernel's event queue with one entry at a time: changing it moves that entry,
/// disposing it takes the entry off the queue, so a cancelled timer never fires as an event (the
/// resort's day had 0.7 M such stale firings of disposed time-outs and alarms). A disposed timer
/// also forgets its callback and state, which nothing should keep alive.
/// </summary>
internal sealed class SimTimer(Simulation simulation, TimerCallback callback, object? state) : ITimer, IKernelEvent
{
    // Task.WaitAsync(timeout, TimeProvider) disposes its timer when the task completes, but the
    // timer's state is the completed promise and its result: each pull response a device awaited
    // with the 15 s request timeout stayed on the heap for those 15 s.
    private TimerCallback? _callback = callback;
    private object? _state = state;
    private TimerTicket _entry;
    private long _generation;
    private long _periodTicks;
    private bool _disposed;

    public int TraceKind => TraceKinds.Timer;

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed)
        {
            return false;
        }

        ValidateSpan(dueTime, nameof(dueTime));
        ValidateSpan(period, nameof(period));
        _generation++;
        _periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
        // A due time past the end of representable time never comes: treat it as infinite.
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime.Ticks <= long.MaxValue - simulation.Now.Ticks)
        {
            _entry = simulation.Arm(_entry, simulation.Now.Ticks + dueTime.Ticks, this, _generation);
        }
        else
        {
            simulation.Cancel(_entry);
        }

        return true;
    }

    public void Fire(long argument)
    {
        Invariant.Holds(argument == _generation && !_disposed, "a timer's only entry is its current one");
        if (_callback is not { } run)
        {
            return;
        }

        if (_periodTicks > 0 && _periodTicks <= long.MaxValue - simulation.Now.Ticks)
        {
            _entry = simulation.Arm(_entry, simulation.Now.Ticks + _periodTicks, this, _generation);
        }

        run(_state);
    }

    public void Dispose()
    {
        _disposed = true;
        _generation++;
        simulation.Cancel(_entry);
        _callback = null;
        _state = null;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void ValidateSpan(TimeSpan span, string name)
    {
        if (span != Timeout.InfiniteTimeSpan && span < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, span, "A timer span is non-negative or infinite.");
        }
    }
}
