using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Hospitality.Sync.Hosting.RunLoop;

/// <summary>
/// One node's run loop in production: a dedicated thread that runs every piece of the node's engine
/// code, one at a time, in the order posted. Its <see cref="SynchronizationContext"/> is current on
/// that thread, so every <c>await</c> in engine code (a socket read completing on the thread pool,
/// a timer firing) comes back onto the loop: the engine behaves as on the simulator's single thread
/// and needs no lock (FoundationDB's model: one single-threaded run loop, real or simulated).
/// </summary>
public sealed class NodeRunLoop : IDisposable
{
    /// <summary>Work queued and not yet run; a node that falls this far behind is failing, not slow.</summary>
    public const int QueueMax = 1_000_000;

    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State, long Posted)> _queue = new(QueueMax);
    private readonly Thread _thread;
    private readonly SlowTaskWatch? _watch;
    private long _executed;

    public NodeRunLoop(string name)
        : this(name, null)
    {
    }

    /// <param name="name">The node's id, in the thread's name and every report.</param>
    /// <param name="watch">Which callbacks to report as slow; null: none.</param>
    internal NodeRunLoop(string name, SlowTaskWatch? watch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _watch = watch;
        Context = new RunLoopSynchronizationContext(this);
        _thread = new Thread(Run) { IsBackground = true, Name = $"run loop {name}" };
        _thread.Start();
    }

    public string Name { get; }

    /// <summary>The context every continuation of the node's engine code is posted to.</summary>
    public SynchronizationContext Context { get; }

    /// <summary>True on the loop's own thread.</summary>
    public bool IsCurrent => Thread.CurrentThread == _thread;

    /// <summary>Callbacks run so far.</summary>
    public long Executed => Interlocked.Read(ref _executed);

    /// <summary>The first exception a posted callback let escape: a bug, the node stops running work.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Runs <paramref name="work"/> on the loop and completes with its result (or its exception).</summary>
    public Task<T> InvokeAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(async () =>
        {
            try
            {
                result.SetResult(await work());
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        });
        return result.Task;
    }

    /// <summary>Runs <paramref name="work"/> on the loop and completes when it has.</summary>
    public Task InvokeAsync(Func<Task> work) => InvokeAsync(async () =>
    {
        await work();
        return true;
    });

    /// <summary>Runs synchronous <paramref name="work"/> on the loop and returns its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> work) => InvokeAsync(() => Task.FromResult(work()));

    internal void Post(SendOrPostCallback callback, object? state)
    {
        if (!_queue.TryAdd((callback, state, Stopwatch.GetTimestamp())))
        {
            throw new InvalidOperationException(_queue.IsAddingCompleted
                ? $"The run loop of {Name} has stopped."
                : $"The run loop of {Name} has {QueueMax} callbacks queued: it is not keeping up.");
        }
    }

    public void Dispose()
    {
        _queue.CompleteAdding();

        // Disposed from its own thread, the loop ends after the current callback and leaves the queue to the GC.
        if (!IsCurrent)
        {
            _thread.Join();
            _queue.Dispose();
        }
    }

    private void Post(Action action) => Post(static state => ((Action)state!)(), action);

    private void Run()
    {
        SynchronizationContext.SetSynchronizationContext(Context);
        if (_watch is null)
        {
            foreach (var (callback, state, _) in _queue.GetConsumingEnumerable())
            {
                Execute(callback, state);
            }

            return;
        }

        using var scheduler = _watch.WithScheduler ? SchedulerStatistics.OpenForCurrentThread() : null;
        var scheduled = scheduler?.Read();
        foreach (var (callback, state, posted) in _queue.GetConsumingEnumerable())
        {
            var started = Stopwatch.GetTimestamp();
            var gcPauses = GC.GetTotalPauseDuration();
            var jit = JitInfo.GetCompilationTime(currentThread: true);
            Execute(callback, state);
            var ended = Stopwatch.GetTimestamp();
            var before = scheduled;
            scheduled = scheduler?.Read();
            var ran = Stopwatch.GetElapsedTime(started, ended);
            var waited = Stopwatch.GetElapsedTime(posted, started);
            if (ran >= _watch.Threshold || waited >= _watch.Threshold)
            {
                _watch.Report(new SlowTask(
                    Name,
                    TaskName(callback, state),
                    DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(started),
                    waited,
                    ran,
                    GC.GetTotalPauseDuration() - gcPauses,
                    JitInfo.GetCompilationTime(currentThread: true) - jit,
                    Schedule(before, scheduled)));
            }
        }
    }

    private void Execute(SendOrPostCallback callback, object? state)
    {
        try
        {
            callback(state);
        }
        catch (Exception exception)
        {
            // An async void or a posted callback threw: record it (the host logs and stops the node), keep the loop alive for shutdown.
            Fault ??= exception;
        }

        Interlocked.Increment(ref _executed);
    }

    private static ThreadSchedule? Schedule((long OnCpu, long Runnable)? before, (long OnCpu, long Runnable)? after) =>
        before is { } from && after is { } to
            ? new ThreadSchedule(TimeSpan.FromTicks((to.OnCpu - from.OnCpu) / 100), TimeSpan.FromTicks((to.Runnable - from.Runnable) / 100))
            : null;

    /// <summary>
    /// The async method a continuation resumes (its state machine, as <c>Replicator.PullAsync</c>), else the
    /// innermost delegate's method: a report names the engine code that held the loop, not the awaiter's
    /// plumbing, which passes the state machine's box as the state or as the target of a delegate it wraps.
    /// </summary>
    private static string TaskName(SendOrPostCallback callback, object? state)
    {
        Delegate work = callback;
        while (work.Target is Delegate inner)
        {
            work = inner;
        }

        var stateTarget = (state as Delegate)?.Target;
        foreach (var candidate in new[] { state, stateTarget, work.Target })
        {
            if (candidate?.GetType() is { IsGenericType: true } box
                && box.GetGenericArguments().FirstOrDefault(typeof(IAsyncStateMachine).IsAssignableFrom) is { } machine)
            {
                var end = machine.Name.IndexOf('>', StringComparison.Ordinal);
                var method = machine.Name.StartsWith('<') && end > 1 ? machine.Name[1..end] : machine.Name;
                return $"{machine.DeclaringType?.Name}.{method}";
            }
        }

        var named = state as Delegate ?? work;
        return $"{named.Method.DeclaringType?.Name}.{named.Method.Name}";
    }
}
