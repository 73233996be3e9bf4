using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>Re-configuration Response (RFC 6525 section 4.4); the two next-TSN fields appear together or not at all.</summary>
internal sealed record ReconfigResponse : ReconfigParameter
{
    public required uint ResponseSequence { get; init; }

    public required ReconfigResult Result { get; init; }

    public uint? SenderNextTsn { get; init; }

    public uint? ReceiverNextTsn { get; init; }

    internal override ushort ParameterType => ResponseType;

    internal override int ValueBytes => SenderNextTsn is null ? 8 : 16;

    internal override void WriteValue(Span<byte> destination)
    {
        if ((SenderNextTsn is null) != (ReceiverNextTsn is null))
        {
            throw new ArgumentException("a Re-configuration Response carries both next TSNs or neither");
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, ResponseSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)Result);
        if (SenderNextTsn is { } sender && ReceiverNextTsn is { } receiver)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[8..], sender);
            BinaryPrimitives.WriteUInt32BigEndian(destination[12..], receiver);
        }
    }

    internal static ReconfigResponse Read(ReadOnlySpan<byte> value)
    {
        if (value.Length is not (8 or 16))
        {
            throw new SctpFormatException($"Re-configuration Response is {value.Length} bytes; it must be 8 or 16");
        }

        return new ReconfigResponse
        {
            ResponseSequence = BinaryPrimitives.ReadUInt32BigEndian(value),
            Result = (ReconfigResult)BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            SenderNextTsn = value.Length == 16 ? BinaryPrimitives.ReadUInt32BigEndian(value[8..]) : null,
            ReceiverNextTsn = value.Length == 16 ? BinaryPrimitives.ReadUInt32BigEndian(value[12..]) : null,
        };
    }
}
