namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// The TCP header fields the model uses. Sequence numbers count from zero per direction: the SYN
/// takes number 0, data starts at 1, the FIN takes the number after the last data byte.
/// </summary>
internal readonly record struct TcpHeader(TcpFlags Flags, long Sequence, long Acknowledgement)
{
    /// <summary>IP (20) + TCP (20) + timestamp option (12): what Linux puts on every data segment.</summary>
    public const int OverheadBytes = 52;

    /// <summary>A SYN carries MSS, SACK-permitted, timestamps and window scale: 20 + 40 bytes.</summary>
    public const int SynOverheadBytes = 60;
}
