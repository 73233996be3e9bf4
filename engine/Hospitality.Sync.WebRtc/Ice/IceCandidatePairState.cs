namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>A pair's check state (RFC 8445 section 6.1.2.6); with one component and one stream nothing is frozen.</summary>
internal enum IceCandidatePairState
{
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}
