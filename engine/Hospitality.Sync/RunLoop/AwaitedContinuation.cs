using System.Threading.Tasks.Sources;

namespace Hospitality.Sync.RunLoop;

/// <summary>
/// The continuation an awaiter hands a reusable value-task source, run the way an awaited task runs
/// its continuation: inline when the wait completes on the awaiter's own synchronization context (or
/// with none captured), posted to that context from anywhere else, or queued to the awaiter's task
/// scheduler. So a run loop (the simulator's kernel, a node's loop) sees the same continuations at the
/// same points as with a task. Shared by the engine's <see cref="OneWaiter"/> and the simulator's waiters.
/// </summary>
internal sealed class AwaitedContinuation
{
    private static readonly Action<object?> Dispatch = static state => ((AwaitedContinuation)state!).Resume();
    private static readonly SendOrPostCallback RunPosted = static state => ((AwaitedContinuation)state!).Run();
    private static readonly Action<object?> RunScheduled = static state => ((AwaitedContinuation)state!).Run();

    private Action<object?>? _continuation;
    private object? _state;
    private SynchronizationContext? _context;
    private TaskScheduler? _scheduler;

    /// <summary>
    /// What a source's <c>IValueTaskSource.OnCompleted</c> does: captures the awaiter's context (as an awaited
    /// task's continuation would use it) and has <paramref name="core"/> run the continuation through it.
    /// </summary>
    public void OnCompleted<T>(ref ManualResetValueTaskSourceCore<T> core, Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
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
        core.OnCompleted(Dispatch, this, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
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
