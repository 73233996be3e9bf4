using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Hosting.Replicas;

/// <summary>
/// How request handlers on Kestrel's threads reach a node's replica: one piece of work at a time, on
/// whatever runs the node's engine. The engine never locks, so nothing may call the replica directly
/// from a request thread.
/// </summary>
public interface IReplicaAccess
{
    /// <summary>The replica, for subscribing to its <see cref="Replica.Changed"/> event (whose handlers must only signal).</summary>
    Replica Replica { get; }

    Task<T> RunAsync<T>(Func<Replica, T> work, CancellationToken cancellationToken);
}
