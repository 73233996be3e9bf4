namespace Hospitality.Sync.Replication;

/// <summary>What an upstream is; the order is the seed guide's priority (Greengrass first).</summary>
public enum EndpointKind
{
    /// <summary>The property's on-premise server: fastest, preferred whenever it is healthy.</summary>
    Greengrass = 1,

    /// <summary>The cloud API: always there, moderate latency.</summary>
    Cloud = 2,

    /// <summary>Another property of the chain.</summary>
    Property = 3,

    /// <summary>A device reached directly (WebRTC).</summary>
    Peer = 4,
}
