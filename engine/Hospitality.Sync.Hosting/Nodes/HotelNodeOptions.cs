using System.Net;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Hosting.Nodes;

/// <summary>How one hotel node is composed: its role, identity, store and the addresses of its upstreams.</summary>
public sealed record HotelNodeOptions
{
    public required NodeRole Role { get; init; }

    /// <summary>The node id in every HLC stamp it writes; unique in the chain.</summary>
    public required string NodeId { get; init; }

    /// <summary>Opens the node's store (a SQLite file by default; the cloud may use PostgreSQL). Called on the node's run loop.</summary>
    public required Func<IDocumentStore> OpenStore { get; init; }

    /// <summary>The port replication is served on (Greengrass and cloud).</summary>
    public int Port { get; init; } = 8443;

    /// <summary>The Greengrass a device follows first; none for a device off property.</summary>
    public DnsEndPoint? Greengrass { get; init; }

    /// <summary>The cloud a Greengrass batches to and a device falls back to.</summary>
    public DnsEndPoint? Cloud { get; init; }

    /// <summary>The seed guide: a Greengrass batches to the cloud every 15 seconds.</summary>
    public TimeSpan CloudBatchInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a device probes its upstreams; the seed's 5 s. Tests shorten it to see failover in seconds.</summary>
    public TimeSpan HealthProbeInterval { get; init; } = TimeSpan.FromSeconds(5);
}
