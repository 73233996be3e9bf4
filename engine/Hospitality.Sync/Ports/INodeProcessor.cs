namespace Hospitality.Sync.Ports;

/// <summary>
/// A node's processor as the engine sees it: a server hands it each request's work, a replicator each
/// page it merges and each push it encodes, before doing it. In production the real CPU (and disk)
/// spends real time and <see cref="NodeProcessor.Unmetered"/> returns at once; the simulator models the
/// service time and the queue of a busy node behind it.
/// </summary>
public interface INodeProcessor
{
    /// <summary>Completes when the processor has done <paramref name="work"/>.</summary>
    ValueTask RunAsync(NodeWork work, CancellationToken cancellationToken);
}
