namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>Association states of RFC 9260 section 4 that this stack uses.</summary>
internal enum SctpAssociationState
{
    Closed,
    CookieWait,
    CookieEchoed,
    Established,

    /// <summary>Shutdown was asked for; waiting for outstanding data to be acknowledged.</summary>
    ShutdownPending,
    ShutdownSent,
    ShutdownReceived,
    ShutdownAckSent,
}
