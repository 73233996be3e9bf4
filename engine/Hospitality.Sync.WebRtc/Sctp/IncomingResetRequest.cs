using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>Incoming SSN Reset Request (RFC 6525 section 4.2): asks the peer to reset its outgoing side of these streams.</summary>
internal sealed record IncomingResetRequest : ReconfigParameter
{
    public required uint RequestSequence { get; init; }

    public IReadOnlyList<ushort> Streams { get; init; } = [];

    internal override ushort ParameterType => IncomingResetRequestType;

    internal override int ValueBytes => 4 + (2 * Streams.Count);

    internal override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, RequestSequence);
        WriteStreams(destination[4..], Streams);
    }

    internal static IncomingResetRequest Read(ReadOnlySpan<byte> value)
    {
        SctpPacket.Require(value, 4, "Incoming SSN Reset Request");
        return new IncomingResetRequest
        {
            RequestSequence = BinaryPrimitives.ReadUInt32BigEndian(value),
            Streams = ReadStreams(value[4..], "Incoming SSN Reset Request"),
        };
    }
}
