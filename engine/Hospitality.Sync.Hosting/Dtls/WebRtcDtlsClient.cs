using Hospitality.Sync.WebRtc.Dtls;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Hospitality.Sync.Hosting.Dtls;

/// <summary>BouncyCastle's DTLS client as WebRTC needs it: DTLS 1.2, 0xC02B, extended master secret required, our certificate on request, the server's checked against its fingerprint.</summary>
internal sealed class WebRtcDtlsClient(BcTlsCrypto crypto, DtlsCertificate local, DtlsFingerprint expected, Action<short> closeNotified)
    : DefaultTlsClient(crypto)
{
    public override bool RequiresExtendedMasterSecret() => true;

    public override int GetHandshakeTimeoutMillis() => WebRtcDtlsProfile.HandshakeTimeoutMillis;

    /// <summary>
    /// Offers use_srtp (RFC 5764) though no media flows: Chromium always does, and werift 0.24.4 as
    /// DTLS server fails the connection ("need srtpProfile") when a client does not.
    /// </summary>
    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(WebRtcDtlsProfile.SrtpProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(m_context, crypto, local, expected);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        closeNotified(alertDescription);
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, WebRtcDtlsProfile.CipherSuites);

    private sealed class Authentication(TlsContext context, BcTlsCrypto crypto, DtlsCertificate local, DtlsFingerprint expected) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            FingerprintCheck.Require(serverCertificate.Certificate, expected);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            WebRtcDtlsProfile.Signer(context, crypto, local);
    }
}
