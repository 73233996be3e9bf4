using System.Threading.Tasks.Sources;

namespace Hospitality.Sync.RunLoop;

/// <summary>
/// How a value-task source resumes the one waiter it has, the way an awaited task resumes it: inline
/// when completed on the waiter's own synchronization context (or with none captured), posted to that
/// context from anywhere else, or queued to the waiter's task scheduler. A run loop (the simulator's
/// kernel, a node's loop) therefore sees the same continuations run at the same points as with a task.
/// </summary>
internal struct WaiterResumption
{
    private static readonly SendOrPostCallback RunPosted = static state => ((IResumable)state!).RunContinuation();

    private Action<object?>? _continuation;
    private object? _state;
    private SynchronizationContext? _context;
    private TaskScheduler? _scheduler;

    /// <summary>What a resumable source implements: runs the waiter, on whichever thread resumes it.</summary>
    internal interface IResumable
    {
        void RunContinuation();
    }

    /// <summary>Keeps the waiter's continuation and, if it asked for it, the context it awaited on.</summary>
    public void Capture(Action<object?> continuation, object? state, ValueTaskSourceOnCompletedFlags flags)
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
    }

    /// <summary>Resumes the waiter of <paramref name="source"/> as an awaited task's continuation would run.</summary>
    public readonly void Resume(IResumable source)
    {
        if (_context is { } context && SynchronizationContext.Current != context)
        {
            context.Post(RunPosted, source);
        }
        else if (_context is null && _scheduler is { } scheduler)
        {
            new TaskFactory(scheduler).StartNew(static state => ((IResumable)state!).RunContinuation(), source, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
        }
        else
        {
            source.RunContinuation();
        }
    }

    /// <summary>Runs the captured continuation once and forgets it.</summary>
    public void Run()
    {
        var continuation = _continuation!;
        var state = _state;
        this = default;
        continuation(state);
    }
}
