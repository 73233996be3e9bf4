using Hospitality.Sync.RunLoop;

namespace Hospitality.Sync.Discovery;

/// <summary>
/// Waits until a deadline or until woken, whichever comes first: the querier sleeps until its next
/// query, refresh or expiry is due, and an arriving packet or a new browse wakes it early.
/// </summary>
/// <remarks>
/// Every device's network detector sleeps on one between its checks (1.8 M waits in a simulated resort
/// day): the wait is one reusable value-task source, not a task and an async state machine per wait. It
/// keeps the task version's steps: a timer made per wait, the cancellation registered after it, both
/// dropped and the wake-ups forgotten when the waiter resumes, which it does as after awaiting a task.
/// </remarks>
internal sealed class Alarm : OneWaiter.IOwner
{
    private readonly TimeProvider _time;
    private readonly OneWaiter _waiter;
    private bool _woken;
    private bool _waiting;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;

    public Alarm(TimeProvider time)
    {
        _time = time;
        _waiter = new OneWaiter(this);
    }

    public void Wake()
    {
        _woken = true;
        if (_waiting)
        {
            Complete(null);
        }
    }

    /// <summary>Forgets wake-ups that came before now.</summary>
    public void Clear() => _woken = false;

    /// <summary>Returns after <paramref name="delay"/> (null: only when woken), or at once if woken since the last wait.</summary>
    public ValueTask WaitAsync(TimeSpan? delay, CancellationToken cancellationToken)
    {
        if (_woken)
        {
            _woken = false;
            return ValueTask.CompletedTask;
        }

        if (_waiting)
        {
            throw new InvalidOperationException("An alarm has one waiter at a time.");
        }

        _waiting = true;
        var wait = _waiter.Start();
        _timer = delay is { } due
            ? _time.CreateTimer(static state => ((Deadline)state!).Expire(), new Deadline(this, _waiter.Version), due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan)
            : null;
        _cancellation = cancellationToken.Register(static (state, token) => ((Alarm)state!).Complete(new TaskCanceledException(null, null, token)), this);
        return wait;
    }

    /// <summary>
    /// Moves the current wait's deadline to <paramref name="delay"/> from now; does nothing without a wait
    /// or when the wait has no deadline. A moved deadline is one timer entry changed, not a wake-up.
    /// </summary>
    public void Postpone(TimeSpan delay)
    {
        if (_waiting && _timer is { } timer)
        {
            timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }
    }

    // What the task version's finally and usings did when its waiter resumed, woken, timed out or cancelled.
    void OneWaiter.IOwner.Resumed(bool completed)
    {
        _waiting = false;
        _woken = false;
        _cancellation.Dispose();
        _cancellation = default;
        _timer?.Dispose();
        _timer = null;
    }

    private void Complete(OperationCanceledException? canceled)
    {
        if (_waiting && _waiter.Claim())
        {
            _waiter.Complete(canceled);
        }
    }

    // A real timer may still call back after it was disposed: the deadline ends only the wait it was set for.
    private sealed record Deadline(Alarm Alarm, short Version)
    {
        public void Expire()
        {
            if (Alarm._waiter.Version == Version)
            {
                Alarm.Complete(null);
            }
        }
    }
}
