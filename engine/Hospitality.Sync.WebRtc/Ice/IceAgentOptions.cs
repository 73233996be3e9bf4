namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>ICE timing. Defaults from RFC 8445 section 14, RFC 8489 section 6.2.1 and RFC 7675 unless a line says otherwise.</summary>
internal sealed record IceAgentOptions
{
    /// <summary>Ta: one new check per 50 ms, the pacing RFC 8445 section 14.2 recommends.</summary>
    public TimeSpan Pacing { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>First retransmission of a check; it doubles after each (RFC 8445 section 14.3 asks for at least 500 ms).</summary>
    public TimeSpan CheckRtoInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Transmissions of one check before its pair fails (STUN's Rc is 7; browsers give up sooner).</summary>
    public int CheckTransmissionsMax { get; init; } = 7;

    /// <summary>Consent is refreshed every 5 s on average, with ±20 % jitter (RFC 7675 section 5.1).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Disconnected after this long without a consent response (what browsers report), failed after <see cref="ConsentTimeout"/>.</summary>
    public TimeSpan DisconnectedAfter { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Consent expires 30 s after the last response (RFC 7675 section 5.1).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bounds the pairs formed, whatever a peer sends; a data channel has a handful of candidates.</summary>
    public int PairsMax { get; init; } = 100;
}
