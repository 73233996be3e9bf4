using System.Globalization;
using System.Text;

namespace Hospitality.Sync.WebRtc.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> the way Chromium accepts it: session lines, then one
/// <c>m=application 9 UDP/DTLS/SCTP webrtc-datachannel</c> section with ICE, DTLS and SCTP
/// attributes and the candidates. Port 9 and 0.0.0.0 are the placeholders ICE makes meaningless.
/// </summary>
internal static class SdpWriter
{
    public static string Write(SessionDescription description)
    {
        Check(description);
        var sdp = new StringBuilder(512);
        Line(sdp, "v=0");
        Line(sdp, string.Create(CultureInfo.InvariantCulture, $"o=- {description.SessionId} {description.SessionVersion} IN IP4 127.0.0.1"));
        Line(sdp, "s=-");
        Line(sdp, "t=0 0");
        if (description.BundleMids.Count > 0)
        {
            Line(sdp, "a=group:BUNDLE " + string.Join(' ', description.BundleMids));
        }

        if (description.IceLite)
        {
            Line(sdp, "a=ice-lite");
        }

        Line(sdp, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
        Line(sdp, "c=IN IP4 0.0.0.0");
        foreach (var candidate in description.Candidates)
        {
            Line(sdp, "a=" + candidate);
        }

        if (description.EndOfCandidates)
        {
            Line(sdp, "a=end-of-candidates");
        }

        Line(sdp, "a=ice-ufrag:" + description.Ice.Ufrag);
        Line(sdp, "a=ice-pwd:" + description.Ice.Password);
        if (description.IceOptions.Count > 0)
        {
            Line(sdp, "a=ice-options:" + string.Join(' ', description.IceOptions));
        }

        foreach (var fingerprint in description.Fingerprints)
        {
            Line(sdp, "a=fingerprint:" + fingerprint);
        }

        Line(sdp, "a=setup:" + SetupName(description.Setup));
        if (description.Mid is not null)
        {
            Line(sdp, "a=mid:" + description.Mid);
        }

        Line(sdp, string.Create(CultureInfo.InvariantCulture, $"a=sctp-port:{description.SctpPort}"));
        if (description.MaxMessageBytes is { } maxMessageBytes)
        {
            Line(sdp, string.Create(CultureInfo.InvariantCulture, $"a=max-message-size:{maxMessageBytes}"));
        }

        return sdp.ToString();
    }

    public static string SetupName(DtlsSetup setup) => setup switch
    {
        DtlsSetup.ActPass => "actpass",
        DtlsSetup.Active => "active",
        DtlsSetup.Passive => "passive",
        _ => "holdconn",
    };

    /// <summary>Refuses what would write a description the parser (or a browser) cannot read back.</summary>
    private static void Check(SessionDescription description)
    {
        if (description.SessionId.Length is 0 or > 40 || !description.SessionId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"session id '{description.SessionId}' is not a number");
        }

        foreach (var token in description.BundleMids.Concat(description.IceOptions).Append(description.Mid ?? "0"))
        {
            if (!SdpToken.IsValid(token))
            {
                throw new ArgumentException($"'{token}' is not an SDP token");
            }
        }

        if (description.Fingerprints.Count == 0)
        {
            throw new ArgumentException("a description needs at least one fingerprint");
        }

        if (description.SctpPort is < 1 or > 65535 || description.MaxMessageBytes < 0)
        {
            throw new ArgumentException($"sctp-port {description.SctpPort} or max-message-size {description.MaxMessageBytes} is out of range");
        }

        if (description.Candidates.Count > SessionDescription.CandidatesMax)
        {
            throw new ArgumentException($"{description.Candidates.Count} candidates; the limit is {SessionDescription.CandidatesMax}");
        }

        foreach (var candidate in description.Candidates)
        {
            // A candidate built in code is only written if it reads back the same (no spaces or line breaks in its fields).
            if (!IceCandidateReadsBack(candidate))
            {
                throw new ArgumentException($"candidate '{candidate}' would not read back as written");
            }
        }
    }

    private static bool IceCandidateReadsBack(Ice.IceCandidate candidate)
    {
        try
        {
            return Ice.IceCandidate.Parse(candidate.ToString()).Equals(candidate);
        }
        catch (SdpFormatException)
        {
            return false;
        }
    }

    private static void Line(StringBuilder sdp, string line) => sdp.Append(line).Append("\r\n");
}
