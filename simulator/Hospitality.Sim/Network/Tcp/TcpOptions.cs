namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// Parameters of the TCP model. Defaults follow Linux (RFC 6298 timers with Linux's 200 ms floor,
/// initial window 10 segments per RFC 6928, SYN retries as tcp_syn_retries).
/// </summary>
public sealed record TcpOptions
{
    /// <summary>RFC 6298: the RTO before any RTT sample.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Linux's TCP_RTO_MIN.</summary>
    public TimeSpan MinRto { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Linux's TCP_RTO_MAX.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Linux's tcp_syn_retries: 6 retries, about 127 s before connect gives up.</summary>
    public int SynRetries { get; init; } = 6;

    /// <summary>Linux's tcp_synack_retries.</summary>
    public int SynAckRetries { get; init; } = 5;

    /// <summary>
    /// How long unacknowledged data may stall before the connection fails (TCP_USER_TIMEOUT).
    /// The production host sets the same socket option; Linux's default (tcp_retries2) is ~15 minutes.
    /// </summary>
    public TimeSpan UserTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a closed connection lingers to acknowledge a retransmitted FIN (Linux: 60 s).</summary>
    public TimeSpan TimeWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>RFC 6928 initial window, in segments.</summary>
    public int InitialWindowSegments { get; init; } = 10;

    /// <summary>Bytes queued but not yet acknowledged before <c>SendAsync</c> waits.</summary>
    public int SendBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The largest message a connection accepts (frame length limit).</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Established connections a listener holds before new SYNs are ignored (somaxconn).</summary>
    public int AcceptBacklog { get; init; } = 4096;
}
