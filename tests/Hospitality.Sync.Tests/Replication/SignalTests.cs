using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// The replicator's wake-up: any number of sets wake one wait, a set before the wait is not lost, and
/// the waiter resumes as after awaiting a task (inline on its own context, posted to it from elsewhere).
/// </summary>
public sealed class SignalTests
{
    [Fact]
    public async Task A_set_before_the_wait_completes_it_at_once_and_only_once()
    {
        var signal = new Signal();
        signal.Set();
        signal.Set();

        await signal.WaitAsync(CancellationToken.None);
        var next = signal.WaitAsync(CancellationToken.None);

        Assert.False(next.IsCompleted);
        signal.Set();
        await next;
    }

    [Fact]
    public async Task A_wait_can_be_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var waiting = new Signal().WaitAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.AsTask());
    }

    [Fact]
    public async Task A_cancelled_wait_keeps_the_sets_that_came_after_it()
    {
        var signal = new Signal();
        using var cancel = new CancellationTokenSource();
        var waiting = signal.WaitAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.AsTask());

        signal.Set();

        Assert.True(signal.WaitAsync(CancellationToken.None).IsCompleted);
        Assert.False(signal.WaitAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void A_set_from_elsewhere_posts_the_waiter_to_its_context_and_sets_before_it_runs_are_absorbed()
    {
        var loop = new QueueContext();
        var signal = new Signal();
        var wakes = 0;
        loop.Run(() => _ = WaitTwiceAsync(signal, () => wakes++));

        signal.Set(); // off the loop: the waiter is posted, not run
        signal.Set();
        Assert.Equal(0, wakes);
        Assert.Equal(1, loop.Pending);

        loop.Drain();

        // The second Set came before the waiter ran: it woke nothing of its own.
        Assert.Equal(1, wakes);
        Assert.Equal(0, loop.Pending);
        signal.Set();
        loop.Drain();
        Assert.Equal(2, wakes);
    }

    [Fact]
    public void A_set_on_the_waiters_own_context_resumes_it_inline()
    {
        var loop = new QueueContext();
        var signal = new Signal();
        var wakes = 0;
        loop.Run(() => _ = WaitTwiceAsync(signal, () => wakes++));

        loop.Run(() =>
        {
            signal.Set();
            Assert.Equal(1, wakes); // resumed inside Set, as an awaited task's continuation would be
        });

        Assert.Equal(0, loop.Pending);
    }

    private static async Task WaitTwiceAsync(Signal signal, Action woke)
    {
        for (var i = 0; i < 2; i++)
        {
            await signal.WaitAsync(CancellationToken.None);
            woke();
        }
    }

    /// <summary>A run loop's context: posts queue until drained on the test's thread.</summary>
    private sealed class QueueContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();

        public int Pending => _posted.Count;

        public override void Post(SendOrPostCallback d, object? state) => _posted.Enqueue((d, state));

        public void Run(Action action)
        {
            var previous = Current;
            SetSynchronizationContext(this);
            try
            {
                action();
            }
            finally
            {
                SetSynchronizationContext(previous);
            }
        }

        public void Drain()
        {
            while (_posted.TryDequeue(out var work))
            {
                Run(() => work.Callback(work.State));
            }
        }
    }
}
