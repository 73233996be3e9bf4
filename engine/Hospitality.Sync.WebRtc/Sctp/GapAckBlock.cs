namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>A run of TSNs received beyond the cumulative ack, as offsets from it: TSNs cum+Start to cum+End arrived.</summary>
internal readonly record struct GapAckBlock(ushort Start, ushort End);
