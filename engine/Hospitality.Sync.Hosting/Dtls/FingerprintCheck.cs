using Hospitality.Sync.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace Hospitality.Sync.Hosting.Dtls;

/// <summary>The only trust WebRTC has in a self-signed peer certificate: it hashes to the SDP's a=fingerprint (RFC 8827 section 6.5).</summary>
internal static class FingerprintCheck
{
    /// <exception cref="TlsFatalAlert">No certificate, or one that does not match: the handshake fails with bad_certificate.</exception>
    public static void Require(Certificate? peerCertificate, DtlsFingerprint expected)
    {
        if (peerCertificate is null || peerCertificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer sent no certificate");
        }

        if (!expected.Matches(peerCertificate.GetCertificateAt(0).GetEncoded()))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, $"the peer's certificate does not match its SDP fingerprint {expected}");
        }
    }
}
