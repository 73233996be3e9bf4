namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>In FORWARD-TSN: an ordered stream and the largest sequence number skipped on it.</summary>
public readonly record struct ForwardTsnStream(ushort StreamId, ushort StreamSequence);
