using Hospitality.Sync.Faults;

namespace Hospitality.Sim.Kernel;

/// <summary>
/// The deterministic kernel: one thread, a run queue of posted continuations and an event queue
/// of timers and deliveries keyed by (due ticks, sequence). The run queue drains first, in FIFO
/// order; then the clock jumps to the next due event and fires it with no synchronization context,
/// so every continuation it releases is posted back here instead of being inlined by chance.
/// </summary>
public sealed class Simulation
{
    private readonly EventQueue _events = new();
    private readonly Queue<PostedWork> _runQueue = new();
    private readonly SimSynchronizationContext _context;
    private readonly SimRandom _rootRandom;

    /// <summary>The thread of the latest run; 0 until the first run.</summary>
    private int _kernelThreadId;
    private bool _running;
    private Exception? _failure;
    private string? _failureReason;
    private volatile string? _escape;

    public Simulation(ulong seed, DateTimeOffset? epoch = null)
    {
        Seed = seed;
        _rootRandom = new SimRandom(seed);
        _context = new SimSynchronizationContext(this);
        Scheduler = new SimTaskScheduler(this);
        Tasks = new TaskFactory(CancellationToken.None, TaskCreationOptions.None, TaskContinuationOptions.None, Scheduler);
        Clock = new SimClock(this, epoch ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public ulong Seed { get; }

    public SimTime Now { get; private set; }

    public SimClock Clock { get; }

    public SimTrace Trace { get; } = new();

    /// <summary>Starts tasks on the kernel (<c>Tasks.StartNew</c>) rather than on the thread pool.</summary>
    public TaskFactory Tasks { get; }

    public TaskScheduler Scheduler { get; }

    public SynchronizationContext Context => _context;

    /// <summary>True once work arrived from another thread; the next step of a run fails.</summary>
    internal bool HasEscaped => _escape is not null;

    /// <summary>Events still queued (timers, packets in flight), for benchmarks and diagnostics.</summary>
    public int PendingEvents => _events.Count;

    /// <summary>A random stream of its own for one component, derived from the seed and the name alone.</summary>
    public SimRandom Random(string componentName) => _rootRandom.Fork(componentName);

    /// <summary>Runs <paramref name="action"/> at <paramref name="time"/> (now if that has passed).</summary>
    public void At(SimTime time, Action action) =>
        Schedule(Math.Max(time.Ticks, Now.Ticks), new ActionEvent(this, action), 0);

    public void After(TimeSpan delay, Action action) => At(Now + delay, action);

    /// <summary>
    /// Starts an async process on the kernel. If it throws (other than being cancelled), the run
    /// fails and names it.
    /// </summary>
    public Task Spawn(string name, Func<Task> body)
    {
        var completion = new TaskCompletionSource();
        Post(static state => ((SpawnedProcess)state!).Start(), new SpawnedProcess(this, name, body, completion));
        return completion.Task;
    }

    /// <summary>Runs until virtual time reaches <paramref name="limit"/>; the clock ends at the limit even if nothing is left to do.</summary>
    public RunOutcome RunUntil(SimTime limit) => Run(limit, null, stopWhenQuiescent: false);

    /// <summary>Runs until <paramref name="condition"/> holds, nothing is left that could change it, or time reaches <paramref name="limit"/>.</summary>
    public RunOutcome RunUntil(Func<bool> condition, SimTime limit) => Run(limit, condition, stopWhenQuiescent: true);

    /// <summary>Runs for a span of virtual time from now.</summary>
    public RunOutcome RunFor(TimeSpan span) => RunUntil(Now + span);

    /// <summary>Runs until no work and no event is left; returns <see cref="RunOutcome.TimeLimit"/> if work remains at <paramref name="limit"/>.</summary>
    public RunOutcome RunUntilQuiescent(SimTime limit) => Run(limit, null, stopWhenQuiescent: true);

    /// <summary>Fails the run from inside simulated code; the kernel throws after the current step.</summary>
    public void Fail(string reason, Exception? exception = null)
    {
        if (_failureReason is null)
        {
            _failureReason = reason;
            _failure = exception;
        }
    }

    internal void Schedule(long dueTicks, IKernelEvent target, long argument)
    {
        if (IsEscape())
        {
            return;
        }

        Invariant.Holds(dueTicks >= Now.Ticks, "events are never scheduled in the past");
        _events.Schedule(dueTicks, target, argument);
    }

    /// <summary>Queues or moves a timer's one entry (see <see cref="EventQueue"/>); keep the returned ticket.</summary>
    internal TimerTicket Arm(TimerTicket ticket, long dueTicks, IKernelEvent target, long argument)
    {
        if (IsEscape())
        {
            return ticket;
        }

        Invariant.Holds(dueTicks >= Now.Ticks, "events are never scheduled in the past");
        return _events.Arm(ticket, dueTicks, target, argument);
    }

    /// <summary>Whether a timer's entry is still queued: it has neither fired nor been cancelled.</summary>
    internal bool IsQueued(TimerTicket ticket) => _events.IsQueued(ticket);

    /// <summary>Takes a timer's entry off the queue: a cancelled timer costs no event.</summary>
    internal void Cancel(TimerTicket ticket)
    {
        if (!IsEscape())
        {
            _events.Cancel(ticket);
        }
    }

    internal void Post(SendOrPostCallback callback, object? state)
    {
        if (!IsEscape())
        {
            _runQueue.Enqueue(new PostedWork(callback, state));
        }
    }

    private RunOutcome Run(SimTime limit, Func<bool>? condition, bool stopWhenQuiescent)
    {
        Invariant.Holds(!_running, "a simulation runs on one thread at a time");
        Invariant.Holds(limit >= Now, "a run never sends the clock backwards");
        _running = true;
        _kernelThreadId = Environment.CurrentManagedThreadId;
        var previousContext = SynchronizationContext.Current;
        try
        {
            ThrowIfFailed();
            if (condition is not null && condition())
            {
                return RunOutcome.ConditionMet;
            }

            while (true)
            {
                if (_runQueue.Count > 0)
                {
                    RunPosted(_runQueue.Dequeue());
                }
                else if (!_events.TryPeekDue(out var dueTicks) && stopWhenQuiescent)
                {
                    return RunOutcome.Quiescent;
                }
                else if (_events.Count == 0 || dueTicks > limit.Ticks)
                {
                    Now = limit;
                    return RunOutcome.TimeLimit;
                }
                else
                {
                    FireNextEvent();
                }

                ThrowIfFailed();
                if (condition is not null && condition())
                {
                    return RunOutcome.ConditionMet;
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previousContext);
            _running = false;
        }
    }

    private void RunPosted(PostedWork work)
    {
        Trace.RecordEvent(Now.Ticks, TraceKinds.Continuation, 0);
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            work.Callback(work.State);
        }
        catch (InjectedCrashException)
        {
            // A node that lost power inside a store transaction: its code unwinding is the crash itself.
        }
        catch (Exception exception)
        {
            Fail($"unhandled {exception.GetType().Name} in simulated code: {exception.Message}", exception);
        }
    }

    private void FireNextEvent()
    {
        var entry = _events.Dequeue();
        Invariant.Holds(entry.DueTicks >= Now.Ticks, "virtual time never goes backwards");
        Now = new SimTime(entry.DueTicks);
        Trace.RecordEvent(entry.DueTicks, entry.Target.TraceKind, entry.Argument);

        // No context while an event fires: continuations it completes are posted, never inlined.
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            entry.Target.Fire(entry.Argument);
        }
        catch (InjectedCrashException)
        {
        }
        catch (Exception exception)
        {
            Fail($"unhandled {exception.GetType().Name} in a {entry.Target.GetType().Name} event: {exception.Message}", exception);
        }
    }

    private void ThrowIfFailed()
    {
        if (_escape is { } escape)
        {
            throw new SimulationFailedException(escape, Seed, Now);
        }

        if (_failureReason is { } reason)
        {
            throw new SimulationFailedException(reason, Seed, Now, _failure);
        }
    }

    /// <summary>
    /// Work from a thread other than the kernel's is an escape: it is recorded (the run fails at its
    /// next step) and dropped, not thrown, because throwing on a pool thread would crash the process.
    /// </summary>
    private bool IsEscape()
    {
        var thread = Environment.CurrentManagedThreadId;

        // Before the first run any thread may set the world up; after it, only the thread that runs it.
        if (_kernelThreadId == 0 || thread == _kernelThreadId)
        {
            return false;
        }

        _escape ??= $"work escaped the simulation: a continuation or callback arrived on thread {thread}, " +
            $"not the kernel's thread {_kernelThreadId} (Task.Run, ConfigureAwait(false) or a real timer?)";
        return true;
    }

    private readonly record struct PostedWork(SendOrPostCallback Callback, object? State);

    /// <summary>
    /// A scheduled action. It runs from the run queue, on the simulation's context, so async work it
    /// starts resumes inside the kernel rather than on the thread pool.
    /// </summary>
    private sealed class ActionEvent(Simulation simulation, Action action) : IKernelEvent
    {
        private static readonly SendOrPostCallback Run = state => ((Action)state!)();

        public int TraceKind => TraceKinds.Action;

        public void Fire(long argument) => simulation.Post(Run, action);
    }

    private sealed class SpawnedProcess(Simulation simulation, string name, Func<Task> body, TaskCompletionSource completion)
    {
        public async void Start()
        {
            try
            {
                await body();
                completion.TrySetResult();
            }
            catch (Exception exception) when (exception is OperationCanceledException or InjectedCrashException)
            {
                completion.TrySetCanceled();
            }
            catch (Exception exception)
            {
                completion.TrySetException(exception);
                simulation.Fail($"process '{name}' threw {exception.GetType().Name}: {exception.Message}", exception);
            }
        }
    }
}
