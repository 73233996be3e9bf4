namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>Bytes from the peer that are not a well-formed SCTP packet or chunk; the message says what is wrong.</summary>
internal sealed class SctpFormatException(string message) : FormatException(message);
