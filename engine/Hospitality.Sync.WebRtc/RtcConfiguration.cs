using System.Net;
using Hospitality.Sync.WebRtc.Dtls;

namespace Hospitality.Sync.WebRtc;

/// <summary>What RTCConfiguration says for a data-channel-only peer connection.</summary>
public sealed record RtcConfiguration
{
    /// <summary>STUN servers asked for server-reflexive candidates.</summary>
    public IReadOnlyList<IPEndPoint> IceServers { get; init; } = [];

    /// <summary>Addresses to bind one socket on each and gather host candidates from, e.g. 127.0.0.1.</summary>
    public IReadOnlyList<IPAddress> HostAddresses { get; init; } = [];

    /// <summary>The certificate to present; null generates one from the ports' randomness and clock.</summary>
    public DtlsCertificate? Certificate { get; init; }

    /// <summary>a=max-message-size we advertise: Chromium's 262,144 (RFC 8841 section 6).</summary>
    public long MaxMessageSize { get; init; } = 262144;
}
