namespace Hospitality.Sync.Ports;

/// <summary>
/// TCP keepalive of a message connection, as Linux's TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT:
/// after <see cref="Idle"/> without a segment from the peer the transport sends an empty probe the
/// peer's TCP answers, every <see cref="Interval"/>, and after <see cref="Probes"/> unanswered probes
/// the connection fails as timed out. It notices a peer that vanished without a reset (a power cut,
/// a crash behind Wi-Fi) without waking either application.
/// </summary>
public sealed record TcpKeepAlive(TimeSpan Idle, TimeSpan Interval, int Probes)
{
    /// <summary>The longest a vanished peer goes unnoticed once the connection is idle.</summary>
    public TimeSpan DetectionTime => Idle + (Interval * Probes);
}
