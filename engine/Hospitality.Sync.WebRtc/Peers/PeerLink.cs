using Hospitality.Sync.WebRtc.DataChannels;

namespace Hospitality.Sync.WebRtc.Peers;

/// <summary>One peer connection to one other device, and its channel once open.</summary>
internal sealed class PeerLink(string peerId, RtcPeerConnection connection, bool isOfferer, string? session)
{
    public string PeerId { get; } = peerId;

    /// <summary>The offer's session, carried by its answer and every candidate; null when the offering side names none.</summary>
    public string? Session { get; } = session;

    public RtcPeerConnection Connection { get; } = connection;

    /// <summary>The larger device id offers, so two peers never offer to each other at once (glare).</summary>
    public bool IsOfferer { get; } = isOfferer;

    public DataChannel? Channel { get; set; }

    public bool IsOpen => Channel is { State: DataChannelState.Open };

    public bool IsDropped { get; set; }

    /// <summary>Candidates gathered before the description went out: the peer would drop them, so they wait. Null once sent.</summary>
    public List<string>? CandidatesBeforeDescription { get; set; } = [];
}
