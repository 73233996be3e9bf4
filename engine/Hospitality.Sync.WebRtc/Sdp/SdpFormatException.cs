namespace Hospitality.Sync.WebRtc.Sdp;

/// <summary>SDP text (or one candidate line) from the peer that this stack cannot accept; the message names the line and the problem.</summary>
internal sealed class SdpFormatException(string message) : FormatException(message);
