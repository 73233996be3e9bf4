using System.Net;
using Hospitality.Sync.Access;
using Hospitality.Sync.Hosting.RunLoop;
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

    /// <summary>A fixed interval between a Greengrass's pushes to the cloud (the seed guide's 15 s); null, the default, paces them adaptively as the engine does (<c>PushPacing</c>).</summary>
    public TimeSpan? CloudBatchInterval { get; init; }

    /// <summary>How often a device probes its upstreams; the seed's 5 s. Tests shorten it to see failover in seconds.</summary>
    public TimeSpan HealthProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Who may replicate with this node (Greengrass and cloud): null serves anyone; set, a connection's
    /// hello must bring a token of this property, and the connection is cut when the token expires.
    /// </summary>
    public PropertyAccess? Access { get; init; }

    /// <summary>The token this node's hello presents upstream (a Greengrass to the cloud, a device to both); null: none.</summary>
    public string? AccessToken { get; init; }

    /// <summary>Which callbacks of the node's run loop are reported as slow; null (the default): none.</summary>
    internal SlowTaskWatch? SlowTasks { get; init; }

    /// <summary>A device's P2P beside its servers; null (the default): none. Devices only.</summary>
    public HotelNodePeerOptions? PeerToPeer { get; init; }
}
