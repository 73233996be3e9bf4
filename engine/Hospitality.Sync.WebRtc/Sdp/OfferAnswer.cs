using Hospitality.Sync.WebRtc.Dtls;
using Hospitality.Sync.WebRtc.Ice;

namespace Hospitality.Sync.WebRtc.Sdp;

/// <summary>
/// The offer/answer rules for a data channel (RFC 8829, RFC 8842, RFC 8841): what an offer says,
/// how an answer follows it, and which side becomes the DTLS client and the ICE controlling agent.
/// </summary>
internal static class OfferAnswer
{
    /// <summary>What we accept in one message; Chromium offers the same (werift 65,536).</summary>
    public const long MaxMessageBytes = 262144;

    public const string DataMid = "0";

    /// <summary>An offer: actpass (the answerer picks the DTLS role), mid 0 bundled, trickle ICE.</summary>
    public static SessionDescription CreateOffer(string sessionId, IceCredentials ice, DtlsFingerprint fingerprint, IReadOnlyList<IceCandidate> candidates) =>
        new()
        {
            SessionId = sessionId,
            SessionVersion = 1,
            Ice = ice,
            IceOptions = ["trickle"],
            Fingerprints = [fingerprint],
            Setup = DtlsSetup.ActPass,
            Mid = DataMid,
            BundleMids = [DataMid],
            MaxMessageBytes = MaxMessageBytes,
            Candidates = candidates,
        };

    /// <summary>
    /// The answer to <paramref name="offer"/>: its mid and bundle kept, and the DTLS role taken the
    /// way Chromium takes it, active (DTLS client) unless the offer insists on being active itself.
    /// </summary>
    /// <exception cref="SdpFormatException">The offer's a=setup cannot be answered (an answer's active/passive, or holdconn).</exception>
    public static SessionDescription CreateAnswer(SessionDescription offer, string sessionId, IceCredentials ice, DtlsFingerprint fingerprint, IReadOnlyList<IceCandidate> candidates)
    {
        var setup = offer.Setup switch
        {
            DtlsSetup.ActPass or DtlsSetup.Passive => DtlsSetup.Active,
            DtlsSetup.Active => DtlsSetup.Passive,
            _ => throw new SdpFormatException("an offer with a=setup:holdconn cannot start a DTLS connection"),
        };
        return new SessionDescription
        {
            SessionId = sessionId,
            SessionVersion = 1,
            Ice = ice,
            IceOptions = offer.IceOptions.Contains("trickle") ? ["trickle"] : [],
            Fingerprints = [fingerprint],
            Setup = setup,
            Mid = offer.Mid,
            BundleMids = offer.BundleMids.Count > 0 && offer.Mid is not null ? [offer.Mid] : [],
            MaxMessageBytes = MaxMessageBytes,
            Candidates = candidates,
        };
    }

    /// <summary>True when our a=setup makes us the DTLS client: active, given a passive or actpass peer.</summary>
    /// <exception cref="SdpFormatException">The two sides' setups do not pick one client and one server.</exception>
    public static bool IsDtlsClient(DtlsSetup local, DtlsSetup remote) => (local, remote) switch
    {
        (DtlsSetup.Active, DtlsSetup.Passive or DtlsSetup.ActPass) => true,
        (DtlsSetup.Passive, DtlsSetup.Active) => false,
        (DtlsSetup.ActPass, DtlsSetup.Active) => false,
        (DtlsSetup.ActPass, DtlsSetup.Passive) => true,
        _ => throw new SdpFormatException($"a=setup {local} here and {remote} at the peer do not make one DTLS client and one server"),
    };

    /// <summary>The offerer controls ICE (RFC 8445 section 6.1.1), unless the peer is the full agent facing an ice-lite offerer.</summary>
    public static IceRole IceRoleOf(bool isOfferer, bool remoteIsIceLite) =>
        isOfferer || remoteIsIceLite ? IceRole.Controlling : IceRole.Controlled;
}
