namespace Hospitality.Sync.Ports;

/// <summary>The processors a server can be given without a model of its own.</summary>
public static class ServerProcessor
{
    /// <summary>Production's: the work's time is the real time it takes, so there is nothing to wait for.</summary>
    public static IServerProcessor Unmetered { get; } = new UnmeteredProcessor();

    private sealed class UnmeteredProcessor : IServerProcessor
    {
        public ValueTask RunAsync(ServerWork work, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
