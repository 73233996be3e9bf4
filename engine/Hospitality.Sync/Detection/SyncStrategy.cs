using System.Net;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Detection;

/// <summary>
/// How to sync in a <see cref="NetworkSituation"/>: the seed's <c>recommendStrategy()</c> result.
/// <see cref="Primary"/> null means no server is reachable: queue writes (and sync with peers if enabled).
/// </summary>
public sealed record SyncStrategy(NetworkSituation Situation, EndpointKind? Primary, TimeSpan SyncInterval, int BatchSize, bool Compress, bool EnableP2P)
{
    /// <summary>The Greengrass found by mDNS when <see cref="Primary"/> is Greengrass.</summary>
    public IPEndPoint? PrimaryEndPoint { get; init; }

    /// <summary>
    /// A replicator's options under this strategy: pushes batched every <see cref="SyncInterval"/> in
    /// batches of <see cref="BatchSize"/> (pulls stay live; a zero interval pushes each write at once),
    /// Brotli asked for in the hello when <see cref="Compress"/>. What <c>MultiServerReplication</c> is
    /// to apply when it follows the detector.
    /// </summary>
    public ReplicatorOptions ApplyTo(ReplicatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            PushInterval = SyncInterval > TimeSpan.Zero ? SyncInterval : null,
            PushBatchSize = BatchSize,
            PullBatchSize = BatchSize,
            Compression = Compress ? WireCompression.Brotli : WireCompression.None,
        };
    }
}
