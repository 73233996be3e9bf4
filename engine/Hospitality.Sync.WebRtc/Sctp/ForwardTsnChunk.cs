using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>FORWARD-TSN (RFC 3758 section 3.2): tells the receiver to move its cumulative TSN past abandoned partial-reliability messages.</summary>
internal sealed record ForwardTsnChunk : SctpChunk
{
    public override SctpChunkType Type => SctpChunkType.ForwardTsn;

    public required uint NewCumulativeTsn { get; init; }

    public IReadOnlyList<ForwardTsnStream> Streams { get; init; } = [];

    internal override int ValueBytes => 4 + (4 * Streams.Count);

    internal override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, NewCumulativeTsn);
        var offset = 4;
        foreach (var stream in Streams)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], stream.StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], stream.StreamSequence);
            offset += 4;
        }
    }

    internal static ForwardTsnChunk Read(ReadOnlySpan<byte> value)
    {
        SctpPacket.Require(value, 4, "FORWARD-TSN");
        if (value.Length % 4 != 0)
        {
            throw new SctpFormatException($"FORWARD-TSN is {value.Length} bytes; stream entries are 4 bytes each");
        }

        var streams = new ForwardTsnStream[(value.Length - 4) / 4];
        for (var i = 0; i < streams.Length; i++)
        {
            var entry = value[(4 + (4 * i))..];
            streams[i] = new ForwardTsnStream(BinaryPrimitives.ReadUInt16BigEndian(entry), BinaryPrimitives.ReadUInt16BigEndian(entry[2..]));
        }

        return new ForwardTsnChunk { NewCumulativeTsn = BinaryPrimitives.ReadUInt32BigEndian(value), Streams = streams };
    }
}
