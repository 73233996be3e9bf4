using System.Threading.Tasks.Sources;

namespace Hospitality.Sim.Network;

/// <summary>
/// The one receive that may wait on a simulated connection or socket at a time: a reusable value-task
/// source instead of a task, a promise and a continuation object per receive. It resumes its waiter the
/// way an awaited task does, as the engine's <c>OneWaiter</c> does: inline when completed on the waiter's
/// own synchronization context (or with none captured), posted to that context from anywhere else, so the
/// kernel runs the same continuations at the same points as with a task per receive.
/// </summary>
internal sealed class ReceiveWaiter<T> : IValueTaskSource<T>
{
    private static readonly Action<object?> Dispatch = static state => ((ReceiveWaiter<T>)state!).Resume();
    private static readonly SendOrPostCallback RunPosted = static state => ((ReceiveWaiter<T>)state!).Run();
    private static readonly Action<object?> RunScheduled = static state => ((ReceiveWaiter<T>)state!).Run();
    private static readonly Action<object?, CancellationToken> CancelWait = static (state, token) => ((ReceiveWaiter<T>)state!).Cancel(token);

    private ManualResetValueTaskSourceCore<T> _core;
    private CancellationTokenRegistration _cancellation;
    private Action<object?>? _continuation;
    private object? _state;
    private SynchronizationContext? _context;
    private TaskScheduler? _scheduler;

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

    // The context is captured here and used when the wait completes, as an awaited task's continuation uses it.
    void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        if ((flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0)
        {
            if (SynchronizationContext.Current is { } context && context.GetType() != typeof(SynchronizationContext))
            {
                _context = context;
            }
            else if (TaskScheduler.Current != TaskScheduler.Default)
            {
                _scheduler = TaskScheduler.Current;
            }
        }

        _continuation = continuation;
        _state = state;
        _core.OnCompleted(Dispatch, this, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
    }

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

    private void Resume()
    {
        if (_context is { } context && SynchronizationContext.Current != context)
        {
            context.Post(RunPosted, this);
        }
        else if (_context is null && _scheduler is { } scheduler)
        {
            new TaskFactory(scheduler).StartNew(RunScheduled, this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
        }
        else
        {
            Run();
        }
    }

    // Runs the captured continuation once and forgets it and its context: the next wait may start inside it.
    private void Run()
    {
        var continuation = _continuation!;
        var state = _state;
        _continuation = null;
        _state = null;
        _context = null;
        _scheduler = null;
        continuation(state);
    }
}
