namespace Hospitality.Sim.Network.Tcp;

/// <summary>A segment sent and not yet acknowledged, kept for retransmission.</summary>
internal sealed class OutboundSegment(long sequence, TcpFlags flags, ReadOnlyMemory<byte> data)
{
    public long Sequence { get; } = sequence;

    /// <summary>SYN and FIN only; ACK is added on every transmission.</summary>
    public TcpFlags Flags { get; } = flags;

    public ReadOnlyMemory<byte> Data { get; } = data;

    /// <summary>Sequence numbers the segment occupies: its data plus one each for SYN and FIN.</summary>
    public long Length => Data.Length + ((Flags & TcpFlags.Syn) != 0 ? 1 : 0) + ((Flags & TcpFlags.Fin) != 0 ? 1 : 0);

    public long End => Sequence + Length;

    public int Transmissions { get; set; }

    /// <summary>When it was first transmitted, so each retransmission's wait can be measured.</summary>
    public long FirstSentTicks { get; set; }
}
