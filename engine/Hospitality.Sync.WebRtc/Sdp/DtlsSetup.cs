namespace Hospitality.Sync.WebRtc.Sdp;

/// <summary>
/// The <c>a=setup</c> attribute (RFC 4145, RFC 8842): who opens the DTLS connection. An offer says
/// actpass; the answer picks active (it is the DTLS client) or passive.
/// </summary>
public enum DtlsSetup
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}
