namespace Hospitality.Sync.Discovery;

/// <summary>
/// Waits until a deadline or until woken, whichever comes first: the querier sleeps until its next
/// query, refresh or expiry is due, and an arriving packet or a new browse wakes it early.
/// </summary>
internal sealed class Alarm(TimeProvider time)
{
    private TaskCompletionSource? _waiter;
    private bool _woken;

    public void Wake()
    {
        _woken = true;
        _waiter?.TrySetResult();
    }

    /// <summary>Forgets wake-ups that came before now.</summary>
    public void Clear() => _woken = false;

    /// <summary>Returns after <paramref name="delay"/> (null: only when woken), or at once if woken since the last wait.</summary>
    public async Task WaitAsync(TimeSpan? delay, CancellationToken cancellationToken)
    {
        if (_woken)
        {
            _woken = false;
            return;
        }

        var waiter = new TaskCompletionSource();
        _waiter = waiter;
        using var timer = delay is { } due
            ? time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), waiter, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan)
            : null;
        using var cancellation = cancellationToken.Register(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), waiter);
        try
        {
            await waiter.Task;
        }
        finally
        {
            _waiter = null;
            _woken = false;
        }
    }
}
