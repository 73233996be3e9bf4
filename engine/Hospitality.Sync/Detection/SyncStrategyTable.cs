using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Detection;

/// <summary>The strategy for each situation; defaults are the seed guide's table, each row says where it comes from.</summary>
public sealed record SyncStrategyTable
{
    /// <summary>Seed: "5000 (5 seconds - fast sync because on-premise)", P2P "not needed, have fast server"; no compression on a LAN.</summary>
    public SyncStrategy OnProperty { get; init; } = new(NetworkSituation.OnProperty, EndpointKind.Greengrass, TimeSpan.FromSeconds(5), 100, Compress: false, EnableP2P: false);

    /// <summary>Seed use case 1 (small hotel): cloud primary with WebRTC P2P for local collaboration.</summary>
    public SyncStrategy CloudOnly { get; init; } = new(NetworkSituation.CloudOnly, EndpointKind.Cloud, TimeSpan.FromSeconds(5), 100, Compress: false, EnableP2P: true);

    /// <summary>Seed troubleshooting, "On cellular: syncInterval 60000, batchSize 10, compress true".</summary>
    public SyncStrategy Cellular { get; init; } = new(NetworkSituation.Cellular, EndpointKind.Cloud, TimeSpan.FromSeconds(60), 10, Compress: true, EnableP2P: false);

    /// <summary>Seed: offline, queue writes and enable P2P.</summary>
    public SyncStrategy Offline { get; init; } = new(NetworkSituation.Offline, null, TimeSpan.FromSeconds(60), 10, Compress: false, EnableP2P: true);

    public SyncStrategy For(NetworkSituation situation) => situation switch
    {
        NetworkSituation.OnProperty => OnProperty,
        NetworkSituation.CloudOnly => CloudOnly,
        NetworkSituation.Cellular => Cellular,
        _ => Offline,
    };
}
