namespace Hospitality.Sync.WebRtc.Dtls;

/// <summary>Which side of the DTLS handshake we are, from a=setup (RFC 8842): active is the client.</summary>
public enum DtlsRole
{
    Client,
    Server,
}
