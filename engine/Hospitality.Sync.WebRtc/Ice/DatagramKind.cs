namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>What a datagram on the ICE socket carries, told apart by its first byte (RFC 9443 section 3).</summary>
public enum DatagramKind
{
    Stun,
    Dtls,

    /// <summary>RTP/RTCP (128-191), ZRTP, TURN channels and anything else: a data-channel-only peer drops them.</summary>
    Other,
}
