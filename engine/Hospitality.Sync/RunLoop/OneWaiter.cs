using System.Threading.Tasks.Sources;

namespace Hospitality.Sync.RunLoop;

/// <summary>
/// A reusable value-task source for one waiter at a time, resumed the way an awaited task resumes its
/// continuation (<see cref="AwaitedContinuation"/>), without a task, a promise and a state machine per
/// wait. Its owner (a signal, an alarm) decides when a wait completes and what its waiter's resumption clears.
/// </summary>
internal sealed class OneWaiter(OneWaiter.IOwner owner) : IValueTaskSource
{
    private readonly AwaitedContinuation _continuation = new();
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _completing;

    /// <summary>What the owner does when its waiter resumes, before the wait's outcome reaches the waiter.</summary>
    internal interface IOwner
    {
        /// <param name="completed">False when the wait was cancelled.</param>
        void Resumed(bool completed);
    }

    /// <summary>The current wait's version: a late completion meant for an earlier wait checks it.</summary>
    public short Version => _core.Version;

    /// <summary>Starts a wait; the owner has checked that none is running.</summary>
    public ValueTask Start()
    {
        _core.Reset();
        _completing = 0;
        return new ValueTask(this, _core.Version);
    }

    /// <summary>True for the first completion of the current wait (a wake, a deadline and a cancellation may race), false for the rest.</summary>
    public bool Claim() => Interlocked.Exchange(ref _completing, 1) == 0;

    /// <summary>Completes the claimed wait: woken, or cancelled with <paramref name="canceled"/>.</summary>
    public void Complete(OperationCanceledException? canceled)
    {
        if (canceled is null)
        {
            _core.SetResult(true);
        }
        else
        {
            _core.SetException(canceled);
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _continuation.OnCompleted(ref _core, continuation, state, token, flags);

    void IValueTaskSource.GetResult(short token)
    {
        owner.Resumed(_core.GetStatus(token) == ValueTaskSourceStatus.Succeeded);
        _core.GetResult(token); // throws when the wait was cancelled
    }
}
