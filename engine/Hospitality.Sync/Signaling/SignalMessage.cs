namespace Hospitality.Sync.Signaling;

/// <summary>
/// A message of the signaling protocol: JSON objects whose <c>type</c> names follow the seed's
/// signaling server (join, peer-list, offer, answer, ice-candidate, peer-joined, peer-left, error,
/// stats). The same text travels over a message connection and over a WebSocket text frame.
/// </summary>
public abstract record SignalMessage;

/// <summary>
/// A device enters its property's room; the server answers with the <see cref="PeerListMessage"/>.
/// <paramref name="Token"/> is the device's access token, checked where the server (or a device, on
/// the direct path) is configured with a <see cref="Access.SignalingAdmission"/>.
/// </summary>
public sealed record JoinMessage(string PropertyId, string DeviceId, string? Token = null) : SignalMessage;

/// <summary>The other devices in the room, in the order they joined.</summary>
public sealed record PeerListMessage(string PropertyId, IReadOnlyList<string> Peers) : SignalMessage;

/// <summary>
/// An SDP offer for one peer. A sender names <paramref name="To"/>; the server sets <paramref name="From"/>.
/// <paramref name="Session"/> names this connection attempt: its answer and candidates carry it back, so a late
/// answer to an abandoned offer is not taken for the answer to the next one. Optional, as the seed's clients omit it.
/// </summary>
public sealed record OfferMessage(string From, string To, string Sdp, string? Session = null) : SignalMessage;

/// <summary>An SDP answer for one peer, with the <see cref="OfferMessage.Session"/> of the offer it answers.</summary>
public sealed record AnswerMessage(string From, string To, string Sdp, string? Session = null) : SignalMessage;

/// <summary>One trickled ICE candidate line for one peer, of one <see cref="OfferMessage.Session"/>; an empty candidate ends gathering.</summary>
public sealed record IceCandidateMessage(string From, string To, string Candidate, string? Session = null) : SignalMessage;

public sealed record PeerJoinedMessage(string PeerId) : SignalMessage;

public sealed record PeerLeftMessage(string PeerId) : SignalMessage;

/// <summary>A refusal: <paramref name="Code"/> is one of <see cref="SignalErrorCodes"/>, <paramref name="Message"/> for people.</summary>
public sealed record SignalErrorMessage(string Code, string Message) : SignalMessage;

/// <summary>Asks the server for its <see cref="SignalingStats"/> (as the seed's <c>getStats()</c>).</summary>
public sealed record StatsRequestMessage : SignalMessage;

/// <summary>The server's figures; <c>PeersPerProperty</c> shows the asking device's own room only.</summary>
public sealed record StatsMessage(SignalingStats Stats) : SignalMessage;
