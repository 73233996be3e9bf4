namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>Tunables of one association. Defaults follow RFC 9260 section 16 unless a line says otherwise.</summary>
internal sealed record SctpAssociationOptions
{
    /// <summary>The SCTP port on both sides; WebRTC uses the SDP's sctp-port, 5000 by default (RFC 8841).</summary>
    public ushort Port { get; init; } = 5000;

    /// <summary>
    /// Largest SCTP packet, header included. 1,200 keeps a DTLS record (GCM adds 37 bytes) inside
    /// any real path MTU, as Chromium and werift do.
    /// </summary>
    public int MaxPacketBytes { get; init; } = 1200;

    /// <summary>Receive buffer advertised as a_rwnd. A whole message waits here while reassembled, so a 1 MB message needs more than 1 MB.</summary>
    public uint ReceiveWindowBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Streams offered each way; data channel ids go up to 65,534.</summary>
    public ushort Streams { get; init; } = 65535;

    public TimeSpan RtoInitial { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RtoMin { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RtoMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>INIT and COOKIE-ECHO retransmissions before giving up (Max.Init.Retransmits).</summary>
    public int MaxInitRetransmits { get; init; } = 8;

    /// <summary>Consecutive retransmission timeouts without progress before the association fails (Association.Max.Retrans).</summary>
    public int MaxRetransmits { get; init; } = 10;

    /// <summary>How long a state cookie stays valid (Valid.Cookie.Life).</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this long before a received DATA chunk is acknowledged (RFC 9260 section 6.2 asks for 200 ms or less).</summary>
    public TimeSpan DelayedAckTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Bounds what a SACK reports, so it always fits one packet with room for DATA.</summary>
    public int MaxGapBlocks { get; init; } = 64;

    public int MaxDuplicateTsnsReported { get; init; } = 16;
}
