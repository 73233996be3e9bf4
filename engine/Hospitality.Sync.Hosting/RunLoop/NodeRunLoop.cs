using System.Collections.Concurrent;

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

    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new(QueueMax);
    private readonly Thread _thread;
    private long _executed;

    public NodeRunLoop(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
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
        if (!_queue.TryAdd((callback, state)))
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
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
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
    }
}
