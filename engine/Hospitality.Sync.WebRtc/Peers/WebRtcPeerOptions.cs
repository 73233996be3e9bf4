using System.Net;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Signaling;

namespace Hospitality.Sync.WebRtc.Peers;

/// <summary>The seed's <c>createWebRTCPeer</c> options, plus the limits our peer keeps.</summary>
public sealed record WebRtcPeerOptions
{
    /// <summary>The room: peers of one property only ever see each other.</summary>
    public required string PropertyId { get; init; }

    /// <summary>The device's stable id: a rejoin under it replaces the old entry, so peers never keep a stale id.</summary>
    public required string DeviceId { get; init; }

    /// <summary>Signaling servers, nearest first (the Greengrass, then the cloud); the first that answers is used. May be empty with direct signaling.</summary>
    public required IReadOnlyList<IPEndPoint> SignalingServers { get; init; }

    /// <summary>
    /// The device's mDNS: with <see cref="DirectSignaling"/>, it advertises this device's
    /// <c>_hospitality-peer._tcp</c> record and finds the room's other devices. The caller starts and stops it.
    /// </summary>
    public MulticastDns? Discovery { get; init; }

    /// <summary>
    /// Signaling without a server: the listener's port (<see cref="SignalingServerOptions.Port"/>), its limits
    /// and admission, the same rules as a signaling server's. Used while no server answers; null turns it off.
    /// Needs <see cref="Discovery"/>.
    /// </summary>
    public SignalingServerOptions? DirectSignaling { get; init; }

    /// <summary>The device's access token, presented in every join (to a server and to another device's listener).</summary>
    public string? AccessToken { get; init; }

    /// <summary>Addresses and limits of each peer connection; its certificate is made once per peer if not given.</summary>
    public RtcConfiguration Rtc { get; init; } = new();

    /// <summary>Links per device: a bounded fan-out (y-webrtc caps near 20-34; a 170-tablet Wi-Fi cannot run a full mesh).</summary>
    public int MaxLinks { get; init; } = 6;

    /// <summary>First wait before reconnecting to signaling or retrying a link; doubled per failure.</summary>
    public TimeSpan ReconnectDelayMin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap of that backoff, so a device that was away reconnects within half a minute.</summary>
    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A link that has not opened its channel by then is given up (ICE found no path, as under client isolation).</summary>
    public TimeSpan LinkTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Consecutive failed link attempts after which a peer is reported unavailable and left to the servers until it rejoins.</summary>
    public int LinkAttemptsMax { get; init; } = 2;

    /// <summary>A peer given up on is tried again after this long, so a healed partition or a changed Wi-Fi is noticed without a rejoin.</summary>
    public TimeSpan UnavailableRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A connect to one signaling server that takes longer is abandoned for the next.</summary>
    public TimeSpan SignalingConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Sends wait while a channel holds more than this, pacing on the channel's buffered-amount-low event.</summary>
    public long SendBufferBytesMax { get; init; } = 1024 * 1024;

    public string ChannelLabel { get; init; } = "hospitality-sync";
}
