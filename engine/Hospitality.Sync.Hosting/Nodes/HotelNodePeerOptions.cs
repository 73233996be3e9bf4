using System.Net;

namespace Hospitality.Sync.Hosting.Nodes;

/// <summary>
/// A device's P2P (the seed's "cloud + P2P fallback"): a WebRTC peer in its property's room, signaling
/// through its upstreams' signaling route (the Greengrass's first, then the cloud's), and P2P replication
/// over it beside the device's server replication. Links that are open stay open while signaling is down.
/// </summary>
public sealed record HotelNodePeerOptions
{
    /// <summary>The signaling route every hotel node serves (hotel-node's <c>/signaling</c>).</summary>
    public const string DefaultSignalingPath = "/signaling";

    /// <summary>The room: the property the device belongs to.</summary>
    public required string PropertyId { get; init; }

    /// <summary>Where this device gathers its host candidates (its Wi-Fi address; 127.0.0.1 on one machine).</summary>
    public required IReadOnlyList<IPAddress> HostAddresses { get; init; }

    /// <summary>The signaling route on each upstream.</summary>
    public string SignalingPath { get; init; } = DefaultSignalingPath;

    /// <summary>Links per device: WebRtcPeerOptions' bounded fan-out (6), so a 170-tablet hotel never runs a full mesh.</summary>
    public int MaxLinks { get; init; } = 6;
}
