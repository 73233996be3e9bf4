using Hospitality.Sync.Access;

namespace Hospitality.Sync.Signaling;

/// <summary>The signaling server's limits; each refusal names the limit it hit.</summary>
public sealed record SignalingServerOptions
{
    /// <summary>The seed's development signaling server listens on 8080.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Room for the seed's large hotel (170 devices) with headroom; a full room refuses the join.</summary>
    public int MaxPeersPerRoom { get; init; } = 256;

    /// <summary>Rooms are properties: a chain of thousands fits, an attacker naming rooms does not grow memory without bound.</summary>
    public int MaxRooms { get; init; } = 10_000;

    /// <summary>Larger frames are refused (an SDP is a few KiB).</summary>
    public int MaxMessageBytes { get; init; } = SignalCodec.MaxFrameBytes;

    /// <summary>Sustained messages per second per device: a connection set-up trickles a dozen candidates.</summary>
    public double MessagesPerSecond { get; init; } = 50;

    /// <summary>Messages a device may send at once before the rate applies.</summary>
    public int MessageBurst { get; init; } = 100;

    /// <summary>A connection that has not joined by then is closed, so idle sockets cannot pile up.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When set, a join must carry an access token of the room's property for the joining device
    /// (<see cref="SignalingAdmission"/>), or it is refused with <see cref="SignalErrorCodes.Unauthorized"/>
    /// or <see cref="SignalErrorCodes.Forbidden"/>. Null admits any well-formed join (a closed LAN, the simulator).
    /// </summary>
    public SignalingAdmission? Admission { get; init; }

    /// <summary>A device that does not read its messages is dropped once this many wait for it.</summary>
    public int MaxQueuedPerPeer { get; init; } = 256;
}
