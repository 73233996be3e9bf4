namespace Hospitality.Sync.WebRtc;

/// <summary>RTCPeerConnectionState: the combined state of ICE and DTLS.</summary>
public enum RtcPeerConnectionState
{
    New,
    Connecting,

    /// <summary>ICE has a selected pair and DTLS is connected: data channels can open.</summary>
    Connected,

    /// <summary>Consent checks go unanswered for a while; the path may come back.</summary>
    Disconnected,

    /// <summary>ICE found no path, consent expired, or DTLS failed (e.g. a certificate that does not match the fingerprint).</summary>
    Failed,

    /// <summary>Closed here, or the peer sent close_notify.</summary>
    Closed,
}
