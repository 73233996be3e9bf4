using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Roles;

/// <summary>A property's on-premise server: where it serves its devices and how it reaches the cloud.</summary>
public sealed record GreengrassOptions
{
    /// <summary>The port devices replicate with.</summary>
    public int Port { get; init; } = 8443;

    public required string CloudHost { get; init; }

    /// <summary>The property this Greengrass serves: it holds and serves only that property's documents and the chain-wide ones (null: all).</summary>
    public string? Property { get; init; }

    public int CloudPort { get; init; } = 8443;

    /// <summary>The seed guide: Greengrass syncs to the cloud in batches every 15 seconds.</summary>
    public TimeSpan CloudBatchInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Batch sizes, timeouts and backoff towards the cloud (upstream name and address are filled in).</summary>
    public ReplicatorOptions CloudReplicator { get; init; } = new() { Upstream = "cloud", Host = "unset" };
}
