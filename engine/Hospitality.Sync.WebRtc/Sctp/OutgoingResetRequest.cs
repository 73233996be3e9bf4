using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// Outgoing SSN Reset Request (RFC 6525 section 4.1): "I will send nothing more on these streams
/// after TSN <see cref="LastAssignedTsn"/>"; an empty list means every stream.
/// </summary>
internal sealed record OutgoingResetRequest : ReconfigParameter
{
    public required uint RequestSequence { get; init; }

    /// <summary>The peer's request this answers, if any (its Re-configuration Request Sequence Number).</summary>
    public required uint ResponseSequence { get; init; }

    public required uint LastAssignedTsn { get; init; }

    public IReadOnlyList<ushort> Streams { get; init; } = [];

    internal override ushort ParameterType => OutgoingResetRequestType;

    internal override int ValueBytes => 12 + (2 * Streams.Count);

    internal override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, RequestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ResponseSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], LastAssignedTsn);
        WriteStreams(destination[12..], Streams);
    }

    internal static OutgoingResetRequest Read(ReadOnlySpan<byte> value)
    {
        SctpPacket.Require(value, 12, "Outgoing SSN Reset Request");
        return new OutgoingResetRequest
        {
            RequestSequence = BinaryPrimitives.ReadUInt32BigEndian(value),
            ResponseSequence = BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            LastAssignedTsn = BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            Streams = ReadStreams(value[12..], "Outgoing SSN Reset Request"),
        };
    }
}
