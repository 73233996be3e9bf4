using Hospitality.Sync.WebRtc.Dtls;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Hospitality.Sync.Hosting.Dtls;

/// <summary>BouncyCastle's DTLS server as WebRTC needs it: DTLS 1.2, 0xC02B, extended master secret required, a CertificateRequest, the client's certificate checked against its fingerprint.</summary>
internal sealed class WebRtcDtlsServer(BcTlsCrypto crypto, DtlsCertificate local, DtlsFingerprint expected, Action<short> closeNotified)
    : DefaultTlsServer(crypto)
{
    public override bool RequiresExtendedMasterSecret() => true;

    public override int GetHandshakeTimeoutMillis() => WebRtcDtlsProfile.HandshakeTimeoutMillis;

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign], [WebRtcDtlsProfile.EcdsaSha256, new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa)], null);

    public override void NotifyClientCertificate(Certificate clientCertificate) => FingerprintCheck.Require(clientCertificate, expected);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        closeNotified(alertDescription);
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, WebRtcDtlsProfile.CipherSuites);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => WebRtcDtlsProfile.Signer(m_context, crypto, local);
}
