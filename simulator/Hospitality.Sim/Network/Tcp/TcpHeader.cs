namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// The TCP header fields the model uses. Sequence numbers count from zero per direction: the SYN
/// takes number 0, data starts at 1, the FIN takes the number after the last data byte.
/// <see cref="Timestamp"/> and <see cref="TimestampEcho"/> are the RFC 7323 timestamps option
/// (TSval, TSecr) in ticks plus one, 0 meaning absent; they give RTT samples even for retransmissions.
/// </summary>
internal readonly record struct TcpHeader(TcpFlags Flags, long Sequence, long Acknowledgement, long Timestamp = 0, long TimestampEcho = 0)
{
    /// <summary>IP (20) + TCP (20) + timestamp option (12): what Linux puts on every data segment.</summary>
    public const int OverheadBytes = 52;

    /// <summary>A SYN carries MSS, SACK-permitted, timestamps and window scale: 20 + 40 bytes.</summary>
    public const int SynOverheadBytes = 60;
}
