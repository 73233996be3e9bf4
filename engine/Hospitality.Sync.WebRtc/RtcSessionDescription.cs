namespace Hospitality.Sync.WebRtc;

/// <summary>An offer or answer as signalling carries it: its type and the SDP text.</summary>
public sealed record RtcSessionDescription(RtcSdpType Type, string Sdp);
