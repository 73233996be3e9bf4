using System.Diagnostics.CodeAnalysis;
using Hospitality.Sync.WebRtc.Dtls;
using Hospitality.Sync.WebRtc.Ice;

namespace Hospitality.Sync.WebRtc.Sdp;

/// <summary>
/// A data-channel-only session description (RFC 8829, 8841, 8842, 8839): one
/// <c>m=application</c> section carrying SCTP over DTLS over ICE. Written in the modern
/// <c>UDP/DTLS/SCTP webrtc-datachannel</c> form; the legacy <c>DTLS/SCTP 5000</c> form with
/// <c>a=sctpmap</c> is read too. Audio and video sections in a peer's description are not
/// supported and are skipped when parsing.
/// </summary>
internal sealed record SessionDescription
{
    /// <summary>When <c>a=max-message-size</c> is absent the peer accepts 64 KiB (RFC 8841 section 6.1).</summary>
    public const int DefaultMaxMessageBytes = 65536;

    /// <summary>The SCTP port when <c>a=sctp-port</c> is absent (RFC 8841 section 5.2).</summary>
    public const int DefaultSctpPort = 5000;

    /// <summary>Far above any real description (Chromium's are ~1 KB); bounds what a peer can make us parse.</summary>
    public const int MaxChars = 64 * 1024;

    public const int CandidatesMax = 64;

    /// <summary>The <c>o=</c> session id: digits, kept as text since some stacks exceed 64 bits.</summary>
    public required string SessionId { get; init; }

    public ulong SessionVersion { get; init; }

    public required IceCredentials Ice { get; init; }

    public bool IceLite { get; init; }

    /// <summary><c>a=ice-options</c> tokens, e.g. <c>trickle</c>.</summary>
    public IReadOnlyList<string> IceOptions { get; init; } = [];

    public required IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; }

    public required DtlsSetup Setup { get; init; }

    /// <summary>The m-section's <c>a=mid</c>; null when a (legacy) peer sent none.</summary>
    public string? Mid { get; init; } = "0";

    /// <summary>Mids in <c>a=group:BUNDLE</c>; empty for no group.</summary>
    public IReadOnlyList<string> BundleMids { get; init; } = [];

    public int SctpPort { get; init; } = DefaultSctpPort;

    /// <summary><c>a=max-message-size</c>: null when absent (then <see cref="DefaultMaxMessageBytes"/>), 0 for "any size".</summary>
    public long? MaxMessageBytes { get; init; }

    /// <summary>True when the peer wrote the legacy <c>DTLS/SCTP &lt;port&gt;</c> m-line with <c>a=sctpmap</c>.</summary>
    public bool IsLegacySctp { get; init; }

    public IReadOnlyList<IceCandidate> Candidates { get; init; } = [];

    /// <summary><c>a=end-of-candidates</c>: the peer will trickle no more.</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>The largest message the peer accepts: its <c>a=max-message-size</c> or the default, with 0 meaning no limit.</summary>
    public long PeerMaxMessageBytes => MaxMessageBytes switch
    {
        null => DefaultMaxMessageBytes,
        0 => long.MaxValue,
        var bytes => bytes.Value,
    };

    /// <summary>The sha-256 fingerprint, which DTLS checks the peer's certificate against.</summary>
    public DtlsFingerprint? Sha256Fingerprint => Fingerprints.FirstOrDefault(f => f.Algorithm == DtlsFingerprint.Sha256);

    /// <exception cref="SdpFormatException">The text is not a data-channel description this stack accepts; the message says why.</exception>
    public static SessionDescription Parse(string sdp) => SdpParser.Parse(sdp);

    public static bool TryParse(string sdp, [NotNullWhen(true)] out SessionDescription? description, [NotNullWhen(false)] out string? error)
    {
        try
        {
            description = SdpParser.Parse(sdp);
            error = null;
            return true;
        }
        catch (SdpFormatException exception)
        {
            description = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>The SDP text, CRLF line endings, modern data-channel form.</summary>
    public override string ToString() => SdpWriter.Write(this);

    public bool Equals(SessionDescription? other) =>
        other is not null && SessionId == other.SessionId && SessionVersion == other.SessionVersion && Ice == other.Ice
        && IceLite == other.IceLite && IceOptions.SequenceEqual(other.IceOptions) && Fingerprints.SequenceEqual(other.Fingerprints)
        && Setup == other.Setup && Mid == other.Mid && BundleMids.SequenceEqual(other.BundleMids) && SctpPort == other.SctpPort
        && MaxMessageBytes == other.MaxMessageBytes && IsLegacySctp == other.IsLegacySctp
        && Candidates.SequenceEqual(other.Candidates) && EndOfCandidates == other.EndOfCandidates;

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(SessionId), SessionVersion, Ice, Setup, SctpPort);
}
