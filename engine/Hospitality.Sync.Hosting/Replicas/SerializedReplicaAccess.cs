using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Hosting.Replicas;

/// <summary>
/// Runs work on a replica one piece at a time, in arrival order, for a host whose replica is touched
/// only through it. A node whose engine runs on its own run loop passes work to that loop instead.
/// </summary>
public sealed class SerializedReplicaAccess(Replica replica) : IReplicaAccess, IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    public Replica Replica { get; } = replica ?? throw new ArgumentNullException(nameof(replica));

    public async Task<T> RunAsync<T>(Func<Replica, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _turn.WaitAsync(cancellationToken);
        try
        {
            return work(Replica);
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();
}
