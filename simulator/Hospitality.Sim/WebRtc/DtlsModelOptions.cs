namespace Hospitality.Sim.WebRtc;

/// <summary>
/// Sizes and timing of the modelled DTLS 1.2 handshake (ECDHE-ECDSA P-256, AES-128-GCM). Body
/// sizes are those of the real messages with this stack's certificates; the Certificate
/// messages carry the real DER, so they have its real size.
/// </summary>
public sealed record DtlsModelOptions
{
    /// <summary>BouncyCastle's DTLS 1.2 ClientHello body as measured on loopback (a 168-byte datagram). Chromium's whole ClientHello is 1,413 bytes in two records.</summary>
    public int ClientHelloBodyBytes { get; init; } = 143;

    /// <summary>ServerHello with extended master secret, renegotiation info and point formats.</summary>
    public int ServerHelloBodyBytes { get; init; } = 61;

    /// <summary>Named curve (4), an uncompressed P-256 point (1 + 65), signature algorithm (2), length (2) and a DER ECDSA signature (~71).</summary>
    public int ServerKeyExchangeBodyBytes { get; init; } = 145;

    /// <summary>Certificate type ecdsa_sign, a list of signature algorithms and no authorities.</summary>
    public int CertificateRequestBodyBytes { get; init; } = 28;

    /// <summary>An uncompressed P-256 point with its length byte.</summary>
    public int ClientKeyExchangeBodyBytes { get; init; } = 66;

    /// <summary>Signature algorithm, length and a DER ECDSA signature.</summary>
    public int CertificateVerifyBodyBytes { get; init; } = 75;

    /// <summary>verify_data of TLS 1.2 (RFC 5246 section 7.4.9).</summary>
    public int FinishedBodyBytes { get; init; } = 12;

    /// <summary>First retransmission of a flight; it doubles after each (RFC 6347 section 4.2.4.1 recommends 1 s).</summary>
    public TimeSpan RetransmitInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retransmissions of one flight before the handshake fails: 1+2+...+32 s, about a minute, as browsers give up.</summary>
    public int RetransmitsMax { get; init; } = 6;
}
