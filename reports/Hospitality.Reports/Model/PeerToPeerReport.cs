namespace Hospitality.Reports.Model;

/// <summary>P2P (WebRTC between the devices of a property) in a run: one row per property that ran it.</summary>
public sealed record PeerToPeerReport(IReadOnlyList<PropertyPeerReport> Properties);

/// <summary>
/// One property's P2P: whether any link opened, links opened and failed over every device boot,
/// how often a device fell back to signaling without a server, device-to-device bytes per device per
/// day, and why peers were given up on (the engine's reasons, most frequent first).
/// </summary>
public sealed record PropertyPeerReport(
    string Property,
    int Devices,
    bool Available,
    int LinksOpened,
    int LinksFailed,
    int DirectSignalingFallbacks,
    double BytesPerDevicePerDay,
    IReadOnlyList<PeerUnavailableReport> Unavailable)
{
    /// <summary>Device boots that ran P2P (a restart is a new boot).</summary>
    public int Boots { get; init; }

    /// <summary>Boots that had a channel open to every neighbour they plan, at some point.</summary>
    public int MeshFormed { get; init; }

    /// <summary>From a boot to its planned links all open: the median and the slowest boot, in seconds; null when none formed.</summary>
    public double? MeshFormedP50Seconds { get; init; }

    public double? MeshFormedMaxSeconds { get; init; }

    /// <summary>Versions the property's devices flooded or served to their peers' pulls, and how many of them went as deltas.</summary>
    public long VersionsSent { get; init; }

    public long DeltasSent { get; init; }

    /// <summary>Deltas a device could not rebuild (it lacked their base and their version), each followed by a pull of the sender's feed.</summary>
    public long DeltasMissed { get; init; }
}

/// <summary>A reason peers were given up on, how many times, and when first (virtual seconds).</summary>
public sealed record PeerUnavailableReport(string Reason, int Count, double FirstSeconds);
