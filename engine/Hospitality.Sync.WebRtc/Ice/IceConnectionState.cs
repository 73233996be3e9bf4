namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>The agent's state, as RTCIceConnectionState names it.</summary>
internal enum IceConnectionState
{
    New,
    Checking,

    /// <summary>A pair is selected (nominated and succeeded); data may flow.</summary>
    Connected,

    /// <summary>Consent checks on the selected pair have gone unanswered for a while; it may come back.</summary>
    Disconnected,

    /// <summary>No pair worked, or consent expired (RFC 7675): the path is gone.</summary>
    Failed,
    Closed,
}
