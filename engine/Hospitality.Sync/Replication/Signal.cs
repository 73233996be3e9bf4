namespace Hospitality.Sync.Replication;

/// <summary>
/// An auto-reset wake-up: <see cref="Set"/> any number of times, and the next (or current)
/// <see cref="WaitAsync"/> completes once.
/// </summary>
internal sealed class Signal
{
    private TaskCompletionSource _next = new();
    private bool _isSet;

    public void Set()
    {
        _isSet = true;
        _next.TrySetResult();
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (!_isSet)
        {
            await _next.Task.WaitAsync(cancellationToken);
        }

        _isSet = false;
        _next = new TaskCompletionSource();
    }
}
