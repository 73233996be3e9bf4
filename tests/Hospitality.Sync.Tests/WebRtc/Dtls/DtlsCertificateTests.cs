using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hospitality.Sync.Tests.WebRtc.Sctp;
using Hospitality.Sync.WebRtc.Dtls;

namespace Hospitality.Sync.Tests.WebRtc.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void The_certificate_is_a_self_signed_ecdsa_p256_sha256_certificate_net_can_read()
    {
        var clock = new ManualClock();

        var generated = DtlsCertificate.Generate(new SeededRandom(1), clock, "tablet-front-desk");

        using var certificate = X509CertificateLoader.LoadCertificate(generated.Der);
        using var key = certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Equal("1.2.840.10045.4.3.2", certificate.SignatureAlgorithm.Value);
        Assert.Equal("CN=tablet-front-desk", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        var parsed = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(generated.Der);
        Assert.True(parsed.IsSignatureValid(parsed.GetPublicKey()));
    }

    [Fact]
    public void Validity_runs_from_a_day_before_the_injected_time_for_thirty_days()
    {
        var clock = new ManualClock();
        var now = clock.GetUtcNow().UtcDateTime;

        using var certificate = X509CertificateLoader.LoadCertificate(DtlsCertificate.Generate(new SeededRandom(1), clock).Der);

        Assert.Equal(now.AddDays(-1), certificate.NotBefore.ToUniversalTime());
        Assert.Equal(now.AddDays(30), certificate.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void The_fingerprint_is_the_sha256_of_the_der()
    {
        var generated = DtlsCertificate.Generate(new SeededRandom(2), new ManualClock());

        Assert.Equal(SHA256.HashData(generated.Der), generated.Fingerprint.Digest.ToArray());
        Assert.True(generated.Fingerprint.Matches(generated.Der));
        Assert.StartsWith("sha-256 ", generated.Fingerprint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_and_time_give_the_same_certificate_and_another_seed_does_not()
    {
        var first = DtlsCertificate.Generate(new SeededRandom(7), new ManualClock());
        var again = DtlsCertificate.Generate(new SeededRandom(7), new ManualClock());
        var other = DtlsCertificate.Generate(new SeededRandom(8), new ManualClock());

        Assert.Equal(first.Der, again.Der);
        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
    }
}
