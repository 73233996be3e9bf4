using Hospitality.Sync.WebRtc.Dtls;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Hospitality.Sync.Hosting.Dtls;

/// <summary>What both ends of a WebRTC DTLS handshake agree on here: DTLS 1.2 only, ECDHE-ECDSA with AES-GCM, ECDSA P-256 with SHA-256.</summary>
internal static class WebRtcDtlsProfile
{
    /// <summary>Chromium and werift both offer 0xC02B; 0xC02C is there for peers that prefer AES-256.</summary>
    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];

    /// <summary>The SRTP profiles a client offers in use_srtp: AES-128-GCM and AES-128-CM with HMAC-SHA1-80, as Chromium does.</summary>
    public static readonly int[] SrtpProfiles =
    [
        SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
        SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
    ];

    /// <summary>A handshake that has not finished after this long fails (browsers give up after about as long).</summary>
    public const int HandshakeTimeoutMillis = 30_000;

    public static readonly SignatureAndHashAlgorithm EcdsaSha256 = new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    public static Certificate TlsCertificate(BcTlsCrypto crypto, DtlsCertificate certificate) =>
        new([crypto.CreateCertificate(certificate.Der)]);

    public static TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.PrivateKey, TlsCertificate(crypto, certificate), EcdsaSha256);
}
