using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Roles;

/// <summary>A property's on-premise server: where it serves its devices and how it reaches the cloud.</summary>
public sealed record GreengrassOptions
{
    /// <summary>The port devices replicate with.</summary>
    public int Port { get; init; } = 8443;

    /// <summary>How it serves its devices (page sizes, compression, access); <see cref="Port"/> overrides the port here.</summary>
    public ReplicationServerOptions Serving { get; init; } = new();

    public required string CloudHost { get; init; }

    /// <summary>The property this Greengrass serves: it holds and serves only that property's documents and the chain-wide ones (null: all).</summary>
    public string? Property { get; init; }

    public int CloudPort { get; init; } = 8443;

    /// <summary>
    /// How pushes to the cloud batch: at once while the line is idle, coalesced under load, never held past
    /// the ceiling. The seed's fixed 15 s batches made writes miss its own "reaches the cloud in under 5 s".
    /// </summary>
    public PushPacing CloudPushPacing { get; init; } = new();

    /// <summary>
    /// A fixed interval between pushes to the cloud instead of <see cref="CloudPushPacing"/> (hotel-node's
    /// CloudBatchIntervalMs setting); null, the default, paces adaptively.
    /// </summary>
    public TimeSpan? CloudBatchInterval { get; init; }

    /// <summary>Batch sizes, timeouts and backoff towards the cloud (upstream name and address are filled in).</summary>
    public ReplicatorOptions CloudReplicator { get; init; } = new() { Upstream = "cloud", Host = "unset" };
}
