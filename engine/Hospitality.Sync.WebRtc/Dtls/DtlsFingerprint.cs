using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as SDP's <c>a=fingerprint</c> carries it (RFC 8122): a hash function
/// name and the digest of the DER certificate, written as colon-separated upper-case hex pairs.
/// The DTLS handshake refuses a peer whose certificate does not hash to it.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    public const string Sha256 = "sha-256";

    private readonly byte[] _digest;

    public DtlsFingerprint(string algorithm, ReadOnlySpan<byte> digest)
    {
        Algorithm = algorithm.ToLowerInvariant();
        this._digest = digest.ToArray();
    }

    /// <summary>The hash function's name from the IANA registry, lower case (<c>sha-256</c>).</summary>
    public string Algorithm { get; }

    public ReadOnlySpan<byte> Digest => _digest;

    public static DtlsFingerprint OfCertificate(ReadOnlySpan<byte> certificateDer) => new(Sha256, SHA256.HashData(certificateDer));

    /// <summary>Parses <c>sha-256 AB:CD:...</c>, the value of an <c>a=fingerprint</c> line.</summary>
    /// <exception cref="SdpFormatException">Not a hash name and hex pairs, or a digest of the wrong length for a known hash.</exception>
    public static DtlsFingerprint Parse(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            throw new SdpFormatException($"fingerprint '{Shorten(value)}' is not '<hash> <hex pairs>'");
        }

        var algorithm = value[..space].ToLowerInvariant();
        var pairs = value[(space + 1)..].Trim().Split(':');
        var bytes = new byte[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            if (pairs[i].Length != 2 || !byte.TryParse(pairs[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                throw new SdpFormatException($"fingerprint digest has '{Shorten(pairs[i])}' where a hex pair belongs");
            }
        }

        var expected = DigestBytes(algorithm);
        if (expected is { } length && length != bytes.Length)
        {
            throw new SdpFormatException($"a {algorithm} fingerprint has {length} bytes, not {bytes.Length}");
        }

        return new DtlsFingerprint(algorithm, bytes);
    }

    /// <summary>True when the DER certificate hashes to this fingerprint (only sha-256 is computed here).</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer) =>
        Algorithm == Sha256 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificateDer), _digest);

    public override string ToString()
    {
        var text = new StringBuilder(Algorithm.Length + 1 + (3 * _digest.Length));
        text.Append(Algorithm).Append(' ');
        for (var i = 0; i < _digest.Length; i++)
        {
            text.Append(i == 0 ? "" : ":").Append(_digest[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public bool Equals(DtlsFingerprint? other) =>
        other is not null && Algorithm == other.Algorithm && _digest.AsSpan().SequenceEqual(other._digest);

    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Algorithm), _digest.Length, _digest.Length > 0 ? _digest[0] : 0);

    private static int? DigestBytes(string algorithm) => algorithm switch
    {
        "sha-1" => 20,
        "sha-224" => 28,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => null,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
