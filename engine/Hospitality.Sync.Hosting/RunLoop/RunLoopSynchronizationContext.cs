namespace Hospitality.Sync.Hosting.RunLoop;

/// <summary>
/// The context of a <see cref="NodeRunLoop"/>: <see cref="Post"/> queues onto the loop, so a
/// continuation that captured it never runs on the thread that completed the awaited operation.
/// </summary>
internal sealed class RunLoopSynchronizationContext(NodeRunLoop loop) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => loop.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (loop.IsCurrent)
        {
            d(state);
            return;
        }

        using var done = new ManualResetEventSlim();
        Exception? error = null;
        loop.Post(
            _ =>
            {
                try
                {
                    d(state);
                }
                catch (Exception exception)
                {
                    error = exception;
                }
                finally
                {
                    done.Set();
                }
            },
            null);
        done.Wait();
        if (error is not null)
        {
            throw error;
        }
    }

    public override SynchronizationContext CreateCopy() => this;
}
