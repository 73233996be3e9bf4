namespace Hospitality.Sync.Ports;

/// <summary>The processors a node can be given without a model of its own.</summary>
public static class NodeProcessor
{
    /// <summary>Production's: the work's time is the real time it takes, so there is nothing to wait for.</summary>
    public static INodeProcessor Unmetered { get; } = new UnmeteredProcessor();

    private sealed class UnmeteredProcessor : INodeProcessor
    {
        public ValueTask RunAsync(NodeWork work, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
