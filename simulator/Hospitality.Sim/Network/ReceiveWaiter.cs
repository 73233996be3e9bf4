using System.Threading.Tasks.Sources;
using Hospitality.Sync.RunLoop;

namespace Hospitality.Sim.Network;

/// <summary>
/// The one receive that may wait on a simulated connection or socket at a time: a reusable value-task
/// source instead of a task, a promise and a continuation object per receive. It resumes its waiter the
/// way an awaited task does (<see cref="AwaitedContinuation"/>), so the kernel runs the same continuations
/// at the same points as with a task per receive.
/// </summary>
internal sealed class ReceiveWaiter<T> : IValueTaskSource<T>
{
    private static readonly Action<object?, CancellationToken> CancelWait = static (state, token) => ((ReceiveWaiter<T>)state!).Cancel(token);

    private readonly AwaitedContinuation _continuation = new();
    private ManualResetValueTaskSourceCore<T> _core;
    private CancellationTokenRegistration _cancellation;

    /// <summary>True from <see cref="Start"/> until the wait is completed, failed or cancelled.</summary>
    public bool IsWaiting { get; private set; }

    /// <summary>Starts a wait that <paramref name="cancellationToken"/> cancels; the caller has checked that none is running and the token is not cancelled yet.</summary>
    public ValueTask<T> Start(CancellationToken cancellationToken)
    {
        if (IsWaiting)
        {
            throw new InvalidOperationException("Only one receive may wait at a time.");
        }

        _core.Reset();
        IsWaiting = true;
        var wait = new ValueTask<T>(this, _core.Version);
        _cancellation = cancellationToken.Register(CancelWait, this);
        return wait;
    }

    /// <summary>Hands <paramref name="result"/> to the waiting receive.</summary>
    public void SetResult(T result)
    {
        End();
        _core.SetResult(result);
    }

    /// <summary>Fails the waiting receive with <paramref name="exception"/>.</summary>
    public void SetException(Exception exception)
    {
        End();
        _core.SetException(exception);
    }

    T IValueTaskSource<T>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _continuation.OnCompleted(ref _core, continuation, state, token, flags);

    private void End()
    {
        if (!IsWaiting)
        {
            throw new InvalidOperationException("No receive is waiting.");
        }

        IsWaiting = false;
        _cancellation.Dispose();
    }

    // A cancelled wait throws what an awaited task cancelled with TrySetCanceled(token) throws.
    private void Cancel(CancellationToken cancellationToken)
    {
        if (IsWaiting)
        {
            IsWaiting = false;
            _core.SetException(new TaskCanceledException(null, null, cancellationToken));
        }
    }
}
