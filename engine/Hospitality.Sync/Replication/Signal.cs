using System.Threading.Tasks.Sources;
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
internal sealed class Signal : IValueTaskSource, WaiterResumption.IResumable
{
    private static readonly Action<object?> Dispatch = static state => ((Signal)state!)._resumption.Resume((Signal)state!);

    private ManualResetValueTaskSourceCore<bool> _core;
    private bool _isSet;
    private bool _waiting;
    private int _completing;
    private CancellationTokenRegistration _registration;
    private WaiterResumption _resumption;

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

        _core.Reset();
        _completing = 0;
        _waiting = true;
        var wait = new ValueTask(this, _core.Version);
        if (cancellationToken.CanBeCanceled)
        {
            // Registered when the wait starts and dropped when it ends, as Task.WaitAsync's promise was.
            _registration = cancellationToken.UnsafeRegister(static (state, token) => ((Signal)state!).Complete(new TaskCanceledException(null, null, token)), this);
        }

        return wait;
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        // The context is captured here and used when the wait completes, as an awaited task's continuation uses it.
        _resumption.Capture(continuation, state, flags);
        _core.OnCompleted(Dispatch, this, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
    }

    void IValueTaskSource.GetResult(short token)
    {
        _waiting = false;
        _core.GetResult(token); // throws when the wait was cancelled; the Sets stay

        // The wake consumed every Set until now, as when the waiter resumed after awaiting a task.
        _isSet = false;
    }

    private void Complete(OperationCanceledException? canceled)
    {
        if (Interlocked.Exchange(ref _completing, 1) != 0)
        {
            return;
        }

        _registration.Unregister();
        _registration = default;
        if (canceled is null)
        {
            _core.SetResult(true);
        }
        else
        {
            _core.SetException(canceled);
        }
    }

    void WaiterResumption.IResumable.RunContinuation() => _resumption.Run();
}
