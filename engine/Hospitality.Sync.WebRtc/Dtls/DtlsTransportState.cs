namespace Hospitality.Sync.WebRtc.Dtls;

/// <summary>A DTLS transport's state, as RTCDtlsTransportState names it.</summary>
public enum DtlsTransportState
{
    New,
    Connecting,

    /// <summary>The handshake finished and the peer's certificate matched its SDP fingerprint.</summary>
    Connected,

    /// <summary>The handshake failed, the peer's certificate did not match, or a fatal alert arrived; see the failure reason.</summary>
    Failed,

    /// <summary>Either side sent close_notify.</summary>
    Closed,
}
