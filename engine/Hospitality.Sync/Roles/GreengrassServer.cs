using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Roles;

/// <summary>
/// The Greengrass role: serves the property's devices live (pull, push, change stream) and
/// replicates with the cloud, pulling live and pushing what the devices wrote in adaptive batches (<see cref="PushPacing"/>).
/// </summary>
public sealed class GreengrassServer : IAsyncDisposable
{
    private GreengrassServer(Replica replica, ReplicationServer server, Replicator toCloud)
    {
        Replica = replica;
        Server = server;
        ToCloud = toCloud;
    }

    public Replica Replica { get; }

    public ReplicationServer Server { get; }

    public Replicator ToCloud { get; }

    /// <summary>Faults only on a bug in the cloud replication loop; a host should observe it.</summary>
    public Task Completion => ToCloud.Completion;

    /// <summary>A Greengrass over <paramref name="replica"/>; serving devices and replicating with the cloud take their time on <paramref name="processor"/> (the real CPU by default).</summary>
    public static GreengrassServer Create(Replica replica, INetwork network, GreengrassOptions options, TimeProvider time, IRandomSource random, INodeProcessor? processor = null)
    {
        var scope = options.Property is { } property ? Scoping.ReplicaScope.OfProperty(property) : Scoping.ReplicaScope.WholeChain;
        var server = new ReplicationServer(replica, network, options.Serving with { Port = options.Port, Scope = scope, Time = options.Serving.Time ?? time }, processor);
        var toCloud = new Replicator(
            replica,
            network,
            options.CloudReplicator with { Host = options.CloudHost, Port = options.CloudPort, PushPacing = options.CloudPushPacing, PushInterval = options.CloudBatchInterval, Property = options.Property },
            time,
            random,
            processor);
        return new GreengrassServer(replica, server, toCloud);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Server.StartAsync(cancellationToken);
        await ToCloud.StartAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        await ToCloud.StopAsync();
        await Server.StopAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
