using System.Globalization;
using Hospitality.Sync.WebRtc.Dtls;
using Hospitality.Sync.WebRtc.Ice;

namespace Hospitality.Sync.WebRtc.Sdp;

/// <summary>
/// Reads a peer's SDP. Lines end in CRLF or LF. Session-level ICE and DTLS attributes apply unless
/// the data section repeats them. Sections other than the first data-channel one are skipped, as
/// are attributes this stack has no use for (extmap-allow-mixed, msid-semantic, sendrecv, ...).
/// Every problem raises <see cref="SdpFormatException"/> with the line number.
/// </summary>
internal static class SdpParser
{
    private const int FingerprintsMax = 8;

    public static SessionDescription Parse(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        if (sdp.Length > SessionDescription.MaxChars)
        {
            throw new SdpFormatException($"the description is {sdp.Length} characters; the limit is {SessionDescription.MaxChars}");
        }

        var state = new State();
        var lines = sdp.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                ReadLine(state, line);
            }
            catch (SdpFormatException exception)
            {
                throw new SdpFormatException($"line {i + 1}: {exception.Message}");
            }
        }

        return Build(state);
    }

    private static void ReadLine(State state, string line)
    {
        if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
        {
            throw new SdpFormatException($"'{Shorten(line)}' is not <letter>=<value>");
        }

        var value = line[2..];
        if (!state.SawVersion)
        {
            state.SawVersion = line == "v=0" ? true : throw new SdpFormatException($"a description starts with v=0, not '{Shorten(line)}'");
            return;
        }

        switch (line[0])
        {
            case 'v':
                throw new SdpFormatException("v= appears twice");
            case 'o':
                ReadOrigin(state, value);
                break;
            case 'm':
                ReadMediaLine(state, value);
                break;
            case 'a' when state.Section == Section.Session:
                ReadAttribute(state, state.SessionLevel, value, sessionLevel: true);
                break;
            case 'a' when state.Section == Section.Data:
                ReadAttribute(state, state.MediaLevel, value, sessionLevel: false);
                break;
            default:
                // s=, t=, c=, b= and the rest carry nothing for a data channel over ICE; other sections are skipped.
                break;
        }
    }

    private static void ReadOrigin(State state, string value)
    {
        var fields = value.Split(' ');
        if (fields.Length != 6)
        {
            throw new SdpFormatException($"o= has {fields.Length} fields; it needs 6 (username sess-id sess-version nettype addrtype address)");
        }

        if (fields[1].Length is 0 or > 40 || !fields[1].All(char.IsAsciiDigit))
        {
            throw new SdpFormatException($"o= session id '{Shorten(fields[1])}' is not a number");
        }

        if (!ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new SdpFormatException($"o= session version '{Shorten(fields[2])}' is not a 64-bit number");
        }

        state.SessionId = fields[1];
        state.SessionVersion = version;
    }

    private static void ReadMediaLine(State state, string value)
    {
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4)
        {
            throw new SdpFormatException($"m= has {fields.Length} fields; it needs media, port, protocol and a format");
        }

        var isData = fields[0] == "application" && fields[2] is "UDP/DTLS/SCTP" or "TCP/DTLS/SCTP" or "DTLS/SCTP";
        if (!isData || state.SawDataSection)
        {
            state.Section = Section.Other;
            return;
        }

        if (fields[1] == "0")
        {
            throw new SdpFormatException("the data channel section was rejected (port 0)");
        }

        if (fields[2] == "DTLS/SCTP")
        {
            state.IsLegacy = true;
            state.LegacyPort = Number(fields[3], "the legacy m= SCTP port", 1, 65535);
        }
        else if (fields[3] != "webrtc-datachannel")
        {
            throw new SdpFormatException($"a {fields[2]} section carries webrtc-datachannel, not '{Shorten(fields[3])}'");
        }

        state.SawDataSection = true;
        state.Section = Section.Data;
    }

    private static void ReadAttribute(State state, Level level, string attribute, bool sessionLevel)
    {
        var colon = attribute.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? attribute : attribute[..colon];
        var value = colon < 0 ? null : attribute[(colon + 1)..];
        switch (name)
        {
            case "ice-ufrag":
                level.Ufrag = Once(level.Ufrag, Required(value, name), name);
                break;
            case "ice-pwd":
                level.Password = Once(level.Password, Required(value, name), name);
                break;
            case "ice-lite" when sessionLevel:
                state.IceLite = true;
                break;
            case "ice-options":
                level.IceOptions = Once(level.IceOptions, Tokens(Required(value, name), name), name);
                break;
            case "fingerprint":
                if (level.Fingerprints.Count == FingerprintsMax)
                {
                    throw new SdpFormatException($"more than {FingerprintsMax} fingerprints");
                }

                level.Fingerprints.Add(DtlsFingerprint.Parse(Required(value, name)));
                break;
            case "setup":
                level.Setup = Once(level.Setup, Setup(Required(value, name)), name);
                break;
            case "group" when sessionLevel:
                ReadGroup(state, Required(value, name));
                break;
            case "mid" when !sessionLevel:
                var mid = Required(value, name);
                state.Mid = Once(state.Mid, SdpToken.IsValid(mid) ? mid : throw new SdpFormatException($"mid '{Shorten(mid)}' is not a token"), name);
                break;
            case "sctp-port" when !sessionLevel:
                state.SctpPort = Once(state.SctpPort, Number(Required(value, name), name, 1, 65535), name);
                break;
            case "sctpmap" when !sessionLevel:
                ReadSctpMap(state, Required(value, name));
                break;
            case "max-message-size" when !sessionLevel:
                var text = Required(value, name);
                state.MaxMessageBytes = Once(
                    state.MaxMessageBytes,
                    long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : throw new SdpFormatException($"max-message-size '{Shorten(text)}' is not a number"),
                    name);
                break;
            case "candidate" when !sessionLevel:
                if (state.Candidates.Count == SessionDescription.CandidatesMax)
                {
                    throw new SdpFormatException($"more than {SessionDescription.CandidatesMax} candidates");
                }

                state.Candidates.Add(IceCandidate.Parse(Required(value, name)));
                break;
            case "end-of-candidates":
                state.EndOfCandidates = true;
                break;
            default:
                break;
        }
    }

    private static void ReadGroup(State state, string value)
    {
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || fields[0] != "BUNDLE")
        {
            return;
        }

        state.BundleMids = Once(state.BundleMids, Tokens(string.Join(' ', fields.Skip(1)), "BUNDLE group"), "group:BUNDLE");
    }

    /// <summary>The legacy <c>a=sctpmap:&lt;port&gt; webrtc-datachannel &lt;streams&gt;</c> (draft-ietf-mmusic-sctp-sdp-05).</summary>
    private static void ReadSctpMap(State state, string value)
    {
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || fields[1] != "webrtc-datachannel")
        {
            throw new SdpFormatException($"sctpmap '{Shorten(value)}' is not '<port> webrtc-datachannel [streams]'");
        }

        state.SctpPort = Once(state.SctpPort, Number(fields[0], "sctpmap port", 1, 65535), "sctpmap");
    }

    private static SessionDescription Build(State state)
    {
        if (!state.SawVersion)
        {
            throw new SdpFormatException("the description is empty");
        }

        if (state.SessionId is null)
        {
            throw new SdpFormatException("o= is missing");
        }

        if (!state.SawDataSection)
        {
            throw new SdpFormatException("there is no m=application section with UDP/DTLS/SCTP webrtc-datachannel (or legacy DTLS/SCTP)");
        }

        var ufrag = state.MediaLevel.Ufrag ?? state.SessionLevel.Ufrag ?? throw new SdpFormatException("a=ice-ufrag is missing");
        var password = state.MediaLevel.Password ?? state.SessionLevel.Password ?? throw new SdpFormatException("a=ice-pwd is missing");
        var fingerprints = state.MediaLevel.Fingerprints.Count > 0 ? state.MediaLevel.Fingerprints : state.SessionLevel.Fingerprints;
        if (fingerprints.Count == 0)
        {
            throw new SdpFormatException("a=fingerprint is missing");
        }

        if (state.IsLegacy && state.SctpPort is { } mapped && mapped != state.LegacyPort)
        {
            throw new SdpFormatException($"the m= line names SCTP port {state.LegacyPort} but a=sctpmap names {mapped}");
        }

        return new SessionDescription
        {
            SessionId = state.SessionId,
            SessionVersion = state.SessionVersion,
            Ice = new IceCredentials(ufrag, password),
            IceLite = state.IceLite,
            IceOptions = state.MediaLevel.IceOptions ?? state.SessionLevel.IceOptions ?? [],
            Fingerprints = fingerprints,

            // Without a=setup the default is active (RFC 4145 section 4).
            Setup = state.MediaLevel.Setup ?? state.SessionLevel.Setup ?? DtlsSetup.Active,
            Mid = state.Mid,
            BundleMids = state.BundleMids ?? [],
            SctpPort = state.SctpPort ?? state.LegacyPort ?? SessionDescription.DefaultSctpPort,
            MaxMessageBytes = state.MaxMessageBytes,
            IsLegacySctp = state.IsLegacy,
            Candidates = state.Candidates,
            EndOfCandidates = state.EndOfCandidates,
        };
    }

    private static DtlsSetup Setup(string value) => value switch
    {
        "actpass" => DtlsSetup.ActPass,
        "active" => DtlsSetup.Active,
        "passive" => DtlsSetup.Passive,
        "holdconn" => DtlsSetup.HoldConn,
        _ => throw new SdpFormatException($"setup '{Shorten(value)}' is not actpass, active, passive or holdconn"),
    };

    private static string[] Tokens(string value, string name)
    {
        var tokens = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var token in tokens)
        {
            if (!SdpToken.IsValid(token))
            {
                throw new SdpFormatException($"{name} has '{Shorten(token)}', which is not a token");
            }
        }

        return tokens;
    }

    private static int Number(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new SdpFormatException($"{name} '{Shorten(text)}' is not a number from {min} to {max}");

    private static string Required(string? value, string name) =>
        value ?? throw new SdpFormatException($"a={name} needs a value");

    private static T Once<T>(T? current, T value, string name) =>
        current is null ? value : throw new SdpFormatException($"a={name} appears twice");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private enum Section
    {
        Session,
        Data,
        Other,
    }

    /// <summary>ICE and DTLS attributes, which may sit at session level or in the section.</summary>
    private sealed class Level
    {
        public string? Ufrag;
        public string? Password;
        public string[]? IceOptions;
        public DtlsSetup? Setup;
        public List<DtlsFingerprint> Fingerprints = [];
    }

    private sealed class State
    {
        public bool SawVersion;
        public string? SessionId;
        public ulong SessionVersion;
        public Section Section;
        public bool SawDataSection;
        public bool IsLegacy;
        public int? LegacyPort;
        public bool IceLite;
        public string[]? BundleMids;
        public string? Mid;
        public int? SctpPort;
        public long? MaxMessageBytes;
        public bool EndOfCandidates;
        public List<IceCandidate> Candidates = [];
        public Level SessionLevel = new();
        public Level MediaLevel = new();
    }
}
