namespace Hospitality.Sync.WebRtc.Dtls;

/// <summary>What one DTLS transport needs from its peer connection.</summary>
/// <param name="Role">Client or server, from the two a=setup lines.</param>
/// <param name="LocalCertificate">The certificate we present; its fingerprint is in our SDP.</param>
/// <param name="RemoteFingerprint">The peer's a=fingerprint: its certificate must hash to it or the handshake fails.</param>
/// <param name="Transmit">Sends one outgoing datagram on the selected ICE path. May be called from any thread the transport uses.</param>
public sealed record DtlsTransportParameters(
    DtlsRole Role,
    DtlsCertificate LocalCertificate,
    DtlsFingerprint RemoteFingerprint,
    Action<ReadOnlyMemory<byte>> Transmit);
