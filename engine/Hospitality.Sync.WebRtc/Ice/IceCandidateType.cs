namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>Where a candidate address came from (RFC 8445 section 5.1.1); the SDP names are host, srflx, prflx, relay.</summary>
internal enum IceCandidateType
{
    Host,
    ServerReflexive,
    PeerReflexive,
    Relayed,
}
