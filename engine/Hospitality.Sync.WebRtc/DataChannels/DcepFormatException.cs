namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>A DCEP message from the peer that is malformed; the message says what is wrong.</summary>
internal sealed class DcepFormatException(string message) : FormatException(message);
