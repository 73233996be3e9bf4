namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>In FORWARD-TSN: an ordered stream and the largest sequence number skipped on it.</summary>
internal readonly record struct ForwardTsnStream(ushort StreamId, ushort StreamSequence);
