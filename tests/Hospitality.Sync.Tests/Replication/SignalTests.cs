using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>The replicator's wake-up: any number of sets wake one wait, and a set before the wait is not lost.</summary>
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

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
