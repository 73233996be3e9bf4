namespace Hospitality.Sync.Ports;

/// <summary>
/// A server's processor as the engine sees it: a server hands it each piece of work before doing it.
/// In production the real CPU spends real time and <see cref="ServerProcessor.Unmetered"/> returns at
/// once; the simulator models the service time and the queue of a busy server behind it.
/// </summary>
public interface IServerProcessor
{
    /// <summary>Completes when the processor has done <paramref name="work"/>.</summary>
    ValueTask RunAsync(ServerWork work, CancellationToken cancellationToken);
}
