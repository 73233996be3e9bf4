namespace Hospitality.Sync.WebRtc;

/// <summary>A snapshot of one peer connection's transport, like the browser's getStats() in miniature.</summary>
/// <param name="SctpRetransmissionTimeouts">T3-rtx expiries: each stalls the channel for an RTO and restarts its window.</param>
/// <param name="SctpFastRetransmits">Chunks resent after three SACKs reported them missing.</param>
/// <param name="SctpBufferedBytes">Bytes handed to channels and not yet acknowledged by the peer.</param>
public sealed record RtcStats(long SctpRetransmissionTimeouts, long SctpFastRetransmits, long SctpBufferedBytes);
