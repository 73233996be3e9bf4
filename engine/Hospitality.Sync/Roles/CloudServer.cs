using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Roles;

/// <summary>
/// The cloud role: one replica of every property's data. Greengrasses and devices off property
/// replicate with it; its live change stream fans each property's changes out to all the others.
/// </summary>
public sealed class CloudServer(Replica replica, INetwork network, ReplicationServerOptions? options = null, INodeProcessor? processor = null) : IAsyncDisposable
{
    public Replica Replica { get; } = replica;

    public ReplicationServer Server { get; } = new(replica, network, (options ?? new ReplicationServerOptions()) with { QueuePushesForUpstream = false }, processor);

    public Task StartAsync(CancellationToken cancellationToken = default) => Server.StartAsync(cancellationToken);

    public Task StopAsync() => Server.StopAsync();

    public ValueTask DisposeAsync() => new(StopAsync());
}
