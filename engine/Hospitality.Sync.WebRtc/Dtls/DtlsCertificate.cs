using Hospitality.Sync.Ports;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Hospitality.Sync.WebRtc.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate a peer connection presents in DTLS; the peer trusts it
/// only because its SHA-256 fingerprint travelled in the SDP (RFC 8827 section 6.5). All
/// randomness (key, serial, signature nonce) comes from the injected <see cref="IRandomSource"/>
/// through a seeded DRBG, and validity from the <see cref="TimeProvider"/>, so the simulator gets
/// the same certificate, and the same fingerprint in its trace, on every run.
/// </summary>
public sealed class DtlsCertificate
{
    /// <summary>Browsers accept any validity; 30 days bounds a leaked key's use and outlives any call.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    private const int SeedBytes = 32;

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        Der = certificate.GetEncoded();
        Fingerprint = DtlsFingerprint.OfCertificate(Der);
    }

    /// <summary>The certificate as DER, as it travels in the DTLS Certificate message.</summary>
    public byte[] Der { get; }

    public DtlsFingerprint Fingerprint { get; }

    internal X509Certificate Certificate { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    public static DtlsCertificate Generate(IRandomSource random, TimeProvider time, string commonName = "hospitality-sync")
    {
        var secureRandom = SeededRandom(random);
        var keys = new ECKeyPairGenerator();
        keys.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, secureRandom));
        var pair = keys.GenerateKeyPair();

        // A day of slack before now tolerates a peer whose clock runs behind ours.
        var now = time.GetUtcNow().UtcDateTime;
        var name = new X509Name("CN=" + commonName);
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(64, secureRandom).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now + Validity);
        generator.SetPublicKey(pair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, secureRandom));
        return new DtlsCertificate(certificate, pair.Private);
    }

    /// <summary>A SHA-256 DRBG seeded only from the random source; it mixes in no clock and no OS entropy.</summary>
    internal static SecureRandom SeededRandom(IRandomSource random)
    {
        var seed = new byte[SeedBytes];
        random.NextBytes(seed);
        var generator = new DigestRandomGenerator(new Sha256Digest());
        generator.AddSeedMaterial(seed);
        return new SecureRandom(generator);
    }
}
