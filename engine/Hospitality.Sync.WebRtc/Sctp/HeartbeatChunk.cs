namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// HEARTBEAT and HEARTBEAT-ACK (RFC 9260 sections 3.3.5-3.3.6): one Heartbeat Info parameter,
/// opaque to the receiver, which echoes it unchanged in the ack.
/// </summary>
internal sealed record HeartbeatChunk : SctpChunk
{
    public bool IsAck { get; init; }

    public override SctpChunkType Type => IsAck ? SctpChunkType.HeartbeatAck : SctpChunkType.Heartbeat;

    public required ReadOnlyMemory<byte> Info { get; init; }

    internal override int ValueBytes => SctpTlv.ListBytes([Info.Length]);

    internal override void WriteValue(Span<byte> destination) => SctpTlv.Write(destination, SctpParameterType.HeartbeatInfo, Info.Span);

    internal static HeartbeatChunk Read(bool isAck, ReadOnlySpan<byte> value)
    {
        var name = isAck ? "HEARTBEAT-ACK" : "HEARTBEAT";
        foreach (var (type, info) in SctpTlv.ReadAll(value, name + " parameter"))
        {
            if (type == SctpParameterType.HeartbeatInfo)
            {
                return new HeartbeatChunk { IsAck = isAck, Info = info };
            }
        }

        throw new SctpFormatException($"{name} has no Heartbeat Info parameter");
    }
}
