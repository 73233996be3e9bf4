using System.Security.Cryptography;
using System.Text;
using Hospitality.Sync.WebRtc.Dtls;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.Tests.WebRtc.Dtls;

public sealed class DtlsFingerprintTests
{
    private static readonly byte[] Certificate = Encoding.ASCII.GetBytes("not really DER, but hashed the same way");

    [Fact]
    public void A_certificate_matches_its_own_fingerprint_and_no_other()
    {
        var fingerprint = DtlsFingerprint.OfCertificate(Certificate);

        Assert.True(fingerprint.Matches(Certificate));
        Assert.False(fingerprint.Matches([.. Certificate, 0]));
        Assert.False(new DtlsFingerprint("sha-1", SHA1.HashData(Certificate)).Matches(Certificate));
    }

    [Fact]
    public void The_text_form_is_upper_case_hex_pairs_after_the_hash_name()
    {
        var fingerprint = new DtlsFingerprint("SHA-256", Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

        Assert.Equal("sha-256 00:07:0E:15:1C:23:2A:31:38:3F:46:4D:54:5B:62:69:70:77:7E:85:8C:93:9A:A1:A8:AF:B6:BD:C4:CB:D2:D9", fingerprint.ToString());
        Assert.Equal(fingerprint, DtlsFingerprint.Parse(fingerprint.ToString().ToLowerInvariant()));
    }

    [Theory]
    [InlineData("sha-256", "not '<hash> <hex pairs>'")]
    [InlineData("sha-256 0G:00", "'0G' where a hex pair belongs")]
    [InlineData("sha-256 000", "'000' where a hex pair belongs")]
    [InlineData("sha-1 00:01", "has 20 bytes, not 2")]
    public void Malformed_fingerprints_are_refused(string text, string reason)
    {
        Assert.Contains(reason, Assert.Throws<SdpFormatException>(() => DtlsFingerprint.Parse(text)).Message);
    }
}
