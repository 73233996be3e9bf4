namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>Bytes from the network that are not a well-formed STUN message; the message says what is wrong.</summary>
internal sealed class StunFormatException(string message) : FormatException(message);
