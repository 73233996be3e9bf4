using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// A RE-CONFIG parameter (RFC 6525 section 4). Data channels close by resetting their outgoing
/// stream, so the outgoing and incoming reset requests and the response are typed; other
/// parameters are kept raw.
/// </summary>
internal abstract record ReconfigParameter
{
    public const ushort OutgoingResetRequestType = 13;
    public const ushort IncomingResetRequestType = 14;
    public const ushort ResponseType = 16;

    internal abstract ushort ParameterType { get; }

    internal abstract int ValueBytes { get; }

    internal abstract void WriteValue(Span<byte> destination);

    internal static ReconfigParameter Read(ushort type, ReadOnlySpan<byte> value) => type switch
    {
        OutgoingResetRequestType => OutgoingResetRequest.Read(value),
        IncomingResetRequestType => IncomingResetRequest.Read(value),
        ResponseType => ReconfigResponse.Read(value),
        _ => new UnknownReconfigParameter(type, value.ToArray()),
    };

    internal static ushort[] ReadStreams(ReadOnlySpan<byte> value, string name)
    {
        if (value.Length % 2 != 0)
        {
            throw new SctpFormatException($"{name} lists streams in 2 bytes each, not in {value.Length} bytes");
        }

        var streams = new ushort[value.Length / 2];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(2 * i)..]);
        }

        return streams;
    }

    internal static void WriteStreams(Span<byte> destination, IReadOnlyList<ushort> streams)
    {
        for (var i = 0; i < streams.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(2 * i)..], streams[i]);
        }
    }
}
