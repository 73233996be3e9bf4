using System.Threading.Tasks.Sources;

namespace Hospitality.Sync.RunLoop;

/// <summary>
/// A reusable value-task source for one waiter at a time, resumed the way an awaited task resumes its
/// continuation: inline when completed on the waiter's own synchronization context (or with none
/// captured), posted to that context from anywhere else, or queued to the waiter's task scheduler. A run
/// loop (the simulator's kernel, a node's loop) therefore sees the same continuations run at the same
/// points as with a task, without a task, a promise and a state machine per wait. Its owner (a signal, an
/// alarm) decides when a wait completes and what its waiter's resumption clears.
/// </summary>
internal sealed class OneWaiter(OneWaiter.IOwner owner) : IValueTaskSource
{
    private static readonly Action<object?> Dispatch = static state => ((OneWaiter)state!).Resume();
    private static readonly SendOrPostCallback RunPosted = static state => ((OneWaiter)state!).Run();
    private static readonly Action<object?> RunScheduled = static state => ((OneWaiter)state!).Run();

    private ManualResetValueTaskSourceCore<bool> _core;
    private int _completing;
    private Action<object?>? _continuation;
    private object? _state;
    private SynchronizationContext? _context;
    private TaskScheduler? _scheduler;

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

    // The context is captured here and used when the wait completes, as an awaited task's continuation uses it.
    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
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

    void IValueTaskSource.GetResult(short token)
    {
        owner.Resumed(_core.GetStatus(token) == ValueTaskSourceStatus.Succeeded);
        _core.GetResult(token); // throws when the wait was cancelled
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

    // Runs the captured continuation once and forgets it and its context.
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
