using Hospitality.Sync.RunLoop;

namespace Hospitality.Sync.Replication;

/// <summary>
/// An auto-reset wake-up: <see cref="Set"/> any number of times, and the next (or current)
/// <see cref="WaitAsync"/> completes once. One waiter at a time.
/// </summary>
/// <remarks>
/// Every idle live session waits on one each beacon interval, on both ends: a task, a cancellation
/// promise and an async state machine per wait were 17 % of a simulated resort day's allocations. The
/// wait is one reusable value-task source instead, and it resumes its waiter as an awaited task did: at
/// once when completed on the waiter's own synchronization context, else posted to that context. Sets
/// between the wake and the waiter's resumption are absorbed, as they were.
/// </remarks>
internal sealed class Signal : OneWaiter.IOwner
{
    private readonly OneWaiter _waiter;
    private bool _isSet;
    private bool _waiting;
    private CancellationTokenRegistration _registration;

    public Signal() => _waiter = new OneWaiter(this);

    public void Set()
    {
        _isSet = true;
        if (_waiting)
        {
            Complete(null);
        }
    }

    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (_isSet)
        {
            _isSet = false;
            return ValueTask.CompletedTask;
        }

        if (_waiting)
        {
            throw new InvalidOperationException("A signal has one waiter at a time.");
        }

        _waiting = true;
        var wait = _waiter.Start();
        if (cancellationToken.CanBeCanceled)
        {
            // Registered when the wait starts and dropped when it ends, as Task.WaitAsync's promise was.
            _registration = cancellationToken.UnsafeRegister(static (state, token) => ((Signal)state!).Complete(new TaskCanceledException(null, null, token)), this);
        }

        return wait;
    }

    // A wake consumed every Set until the waiter resumed, as when it resumed after awaiting a task; a cancelled wait leaves them.
    void OneWaiter.IOwner.Resumed(bool completed)
    {
        _waiting = false;
        if (completed)
        {
            _isSet = false;
        }
    }

    private void Complete(OperationCanceledException? canceled)
    {
        if (!_waiter.Claim())
        {
            return;
        }

        _registration.Unregister();
        _registration = default;
        _waiter.Complete(canceled);
    }
}
