using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>SHUTDOWN (RFC 9260 section 3.3.8): the sender has no more to send, and acks up to this TSN.</summary>
internal sealed record ShutdownChunk : SctpChunk
{
    public override SctpChunkType Type => SctpChunkType.Shutdown;

    public required uint CumulativeTsnAck { get; init; }

    internal override int ValueBytes => 4;

    internal override void WriteValue(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, CumulativeTsnAck);

    internal static ShutdownChunk Read(ReadOnlySpan<byte> value) =>
        new() { CumulativeTsnAck = BinaryPrimitives.ReadUInt32BigEndian(SctpPacket.Exactly(value, 4, "SHUTDOWN")) };
}
