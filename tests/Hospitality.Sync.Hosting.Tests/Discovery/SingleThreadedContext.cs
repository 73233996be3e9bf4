using System.Collections.Concurrent;

namespace Hospitality.Sync.Hosting.Tests.Discovery;

/// <summary>
/// Runs engine code on one thread, as a host does: the engine holds no locks, so every continuation
/// (socket receives, timers) is queued here and run in turn.
/// </summary>
internal sealed class SingleThreadedContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // The test is over: late continuations of stopped loops have nowhere to run.
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Only posts run on this context.");

    public static void Run(Func<Task> body)
    {
        var previous = Current;
        var context = new SingleThreadedContext();
        SetSynchronizationContext(context);
        try
        {
            var task = body();
            task.ContinueWith(_ => context._queue.CompleteAdding(), TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable())
            {
                callback(state);
            }

            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
