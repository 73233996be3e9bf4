using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// DATA (RFC 9260 section 3.3.1): one fragment of a user message. B and E mark the first and last
/// fragment (both for an unfragmented message), U unordered delivery, I asks for an immediate SACK
/// (RFC 7053). The payload protocol identifier tells DCEP, strings and binary apart.
/// </summary>
internal sealed record DataChunk : SctpChunk
{
    /// <summary>TSN, stream, stream sequence number and payload protocol identifier follow the chunk header.</summary>
    public const int FieldsBytes = 12;

    public override SctpChunkType Type => SctpChunkType.Data;

    public required uint Tsn { get; init; }

    public required ushort StreamId { get; init; }

    /// <summary>The stream sequence number; unordered chunks carry one too but it is not used for ordering.</summary>
    public ushort StreamSequence { get; init; }

    public required uint PayloadProtocol { get; init; }

    public required ReadOnlyMemory<byte> UserData { get; init; }

    public bool Unordered { get; init; }

    public bool Beginning { get; init; } = true;

    public bool Ending { get; init; } = true;

    public bool Immediate { get; init; }

    internal override byte Flags =>
        (byte)((Immediate ? 0b1000 : 0) | (Unordered ? 0b0100 : 0) | (Beginning ? 0b0010 : 0) | (Ending ? 0b0001 : 0));

    internal override int ValueBytes => FieldsBytes + UserData.Length;

    internal override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], StreamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], StreamSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], PayloadProtocol);
        UserData.Span.CopyTo(destination[FieldsBytes..]);
    }

    /// <summary>An empty DATA chunk decodes; the association answers it with a No User Data abort (RFC 9260 section 6.2).</summary>
    internal static DataChunk Read(byte flags, ReadOnlySpan<byte> value)
    {
        SctpPacket.Require(value, FieldsBytes, "DATA");
        return new DataChunk
        {
            Tsn = BinaryPrimitives.ReadUInt32BigEndian(value),
            StreamId = BinaryPrimitives.ReadUInt16BigEndian(value[4..]),
            StreamSequence = BinaryPrimitives.ReadUInt16BigEndian(value[6..]),
            PayloadProtocol = BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            UserData = value[FieldsBytes..].ToArray(),
            Immediate = (flags & 0b1000) != 0,
            Unordered = (flags & 0b0100) != 0,
            Beginning = (flags & 0b0010) != 0,
            Ending = (flags & 0b0001) != 0,
        };
    }
}
