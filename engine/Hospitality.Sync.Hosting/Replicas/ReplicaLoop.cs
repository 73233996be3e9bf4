using Hospitality.Sync.Hosting.RunLoop;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Hosting.Replicas;

/// <summary>
/// A replica on a run loop of its own, for a host with a replica but no <see cref="Nodes.HotelNode"/>:
/// made on the loop and touched only there, as a node's is (the replica refuses a write or merge from
/// any other thread). Work from request threads waits its turn on the loop, not on a lock.
/// </summary>
public sealed class ReplicaLoop : IReplicaAccess, IDisposable
{
    private ReplicaLoop(NodeRunLoop loop, Replica replica)
    {
        Loop = loop;
        Replica = replica;
    }

    /// <summary>The loop: start whatever else uses the replica (a replication server, a replicator) on it.</summary>
    public NodeRunLoop Loop { get; }

    /// <summary>The replica: touch it only on <see cref="Loop"/>.</summary>
    public Replica Replica { get; }

    /// <summary>Starts a loop named <paramref name="name"/> and makes the replica on it.</summary>
    public static async Task<ReplicaLoop> StartAsync(string name, Func<Replica> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        var loop = new NodeRunLoop(name);
        try
        {
            return new ReplicaLoop(loop, await loop.InvokeAsync(open));
        }
        catch
        {
            loop.Dispose();
            throw;
        }
    }

    public Task<T> RunAsync<T>(Func<Replica, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Loop.InvokeAsync(() => work(Replica)).WaitAsync(cancellationToken);
    }

    /// <summary>Closes the replica's store on the loop, then stops the loop.</summary>
    public void Dispose()
    {
        Loop.InvokeAsync(() =>
        {
            Replica.Store.Dispose();
            return true;
        }).GetAwaiter().GetResult();
        Loop.Dispose();
    }
}
