using System.Net;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Detection;

/// <summary>
/// How to sync in a <see cref="NetworkSituation"/>: the seed's <c>recommendStrategy()</c> result.
/// <see cref="Primary"/> null means no server is reachable: queue writes (and sync with peers if enabled).
/// </summary>
public sealed record SyncStrategy(NetworkSituation Situation, EndpointKind? Primary, TimeSpan SyncInterval, int BatchSize, bool Compress, bool EnableP2P)
{
    /// <summary>The Greengrass found by mDNS when <see cref="Primary"/> is Greengrass.</summary>
    public IPEndPoint? PrimaryEndPoint { get; init; }
}
