namespace Hospitality.Sync.Ports;

/// <summary>
/// Waits on a <see cref="TimeProvider"/> to the tick. <c>Task.Delay(TimeSpan, TimeProvider)</c> rounds
/// down to whole milliseconds and returns at once below one, which a simulated clock of 100 ns ticks
/// would otherwise honour; the banned-API list sends engine and simulator code here instead.
/// </summary>
public static class TimeProviderDelay
{
    /// <summary>Completes after <paramref name="delay"/> on <paramref name="time"/>, to the tick; cancelled with the token.</summary>
    public static Task Delay(this TimeProvider time, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (delay < TimeSpan.Zero && delay != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay is non-negative or infinite.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (delay == TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        return new Wait(time, delay, cancellationToken).Task;
    }

    private sealed class Wait : TaskCompletionSource
    {
        private readonly CancellationTokenRegistration _cancellation;
        private readonly ITimer _timer;

        public Wait(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
        {
            _timer = time.CreateTimer(static state => ((Wait)state!).Elapse(), this, delay, Timeout.InfiniteTimeSpan);
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((Wait)state!).Cancel(token), this);
        }

        private void Elapse()
        {
            if (TrySetResult())
            {
                _cancellation.Dispose();
            }
        }

        private void Cancel(CancellationToken token)
        {
            if (TrySetCanceled(token))
            {
                _timer.Dispose();
            }
        }
    }
}
