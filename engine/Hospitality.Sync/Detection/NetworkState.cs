using Hospitality.Sync.Discovery;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Detection;

/// <summary>
/// What <see cref="NetworkDetector.DetectAsync"/> found: the seed's
/// <c>{ type, isOnPropertyNetwork, hasInternet, bandwidth, latency }</c>, plus the Greengrass it found.
/// </summary>
public sealed record NetworkState(
    NetworkKind Kind,
    bool IsOnPropertyNetwork,
    bool HasInternet,
    TimeSpan? Latency,
    double? BandwidthBitsPerSecond,
    DiscoveredService? Greengrass)
{
    public static NetworkState Unknown { get; } = new(NetworkKind.None, false, false, null, null, null);

    public NetworkSituation Situation =>
        Kind == NetworkKind.None ? NetworkSituation.Offline
        : IsOnPropertyNetwork ? NetworkSituation.OnProperty
        : !HasInternet ? NetworkSituation.Offline
        : Kind == NetworkKind.Cellular ? NetworkSituation.Cellular
        : NetworkSituation.CloudOnly;
}
