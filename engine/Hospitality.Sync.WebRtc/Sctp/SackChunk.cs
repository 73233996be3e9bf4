using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>SACK (RFC 9260 section 3.3.4): the cumulative TSN ack, the receiver window, gap blocks and duplicate TSNs.</summary>
internal sealed record SackChunk : SctpChunk
{
    public const int FieldsBytes = 12;

    public override SctpChunkType Type => SctpChunkType.Sack;

    public required uint CumulativeTsnAck { get; init; }

    public required uint ReceiverWindowBytes { get; init; }

    public IReadOnlyList<GapAckBlock> GapBlocks { get; init; } = [];

    public IReadOnlyList<uint> DuplicateTsns { get; init; } = [];

    internal override int ValueBytes => FieldsBytes + (4 * GapBlocks.Count) + (4 * DuplicateTsns.Count);

    internal override void WriteValue(Span<byte> destination)
    {
        if (GapBlocks.Count > ushort.MaxValue || DuplicateTsns.Count > ushort.MaxValue)
        {
            throw new ArgumentException("a SACK counts gap blocks and duplicates in 16 bits");
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, CumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ReceiverWindowBytes);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)GapBlocks.Count);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)DuplicateTsns.Count);
        var offset = FieldsBytes;
        foreach (var block in GapBlocks)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], block.Start);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], block.End);
            offset += 4;
        }

        foreach (var tsn in DuplicateTsns)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], tsn);
            offset += 4;
        }
    }

    internal static SackChunk Read(ReadOnlySpan<byte> value)
    {
        SctpPacket.Require(value, FieldsBytes, "SACK");
        var gaps = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        var duplicates = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        var expected = FieldsBytes + (4 * gaps) + (4 * duplicates);
        if (value.Length != expected)
        {
            throw new SctpFormatException($"SACK with {gaps} gap blocks and {duplicates} duplicates needs {expected} bytes, not {value.Length}");
        }

        var blocks = new GapAckBlock[gaps];
        var offset = FieldsBytes;
        for (var i = 0; i < gaps; i++, offset += 4)
        {
            blocks[i] = new GapAckBlock(BinaryPrimitives.ReadUInt16BigEndian(value[offset..]), BinaryPrimitives.ReadUInt16BigEndian(value[(offset + 2)..]));
        }

        var tsns = new uint[duplicates];
        for (var i = 0; i < duplicates; i++, offset += 4)
        {
            tsns[i] = BinaryPrimitives.ReadUInt32BigEndian(value[offset..]);
        }

        return new SackChunk
        {
            CumulativeTsnAck = BinaryPrimitives.ReadUInt32BigEndian(value),
            ReceiverWindowBytes = BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            GapBlocks = blocks,
            DuplicateTsns = tsns,
        };
    }
}
