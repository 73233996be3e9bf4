using System.Buffers.Binary;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// INIT and INIT-ACK (RFC 9260 sections 3.3.2-3.3.3): the fixed fields both carry, then
/// parameters. INIT-ACK adds the state cookie. The parameters this stack uses are typed; the
/// rest are kept in <see cref="OtherParameters"/> so the association can report unrecognized ones.
/// </summary>
internal sealed record InitChunk : SctpChunk
{
    public const int FieldsBytes = 16;

    /// <summary>True for INIT-ACK.</summary>
    public bool IsAck { get; init; }

    public override SctpChunkType Type => IsAck ? SctpChunkType.InitAck : SctpChunkType.Init;

    /// <summary>The tag the peer must put in every packet it sends to us; never zero in a valid INIT.</summary>
    public required uint InitiateTag { get; init; }

    /// <summary>a_rwnd: the receive buffer the sender has for this association.</summary>
    public required uint ReceiverWindowBytes { get; init; }

    public required ushort OutboundStreams { get; init; }

    public required ushort InboundStreams { get; init; }

    public required uint InitialTsn { get; init; }

    /// <summary>The state cookie of an INIT-ACK, echoed back verbatim in COOKIE-ECHO.</summary>
    public ReadOnlyMemory<byte>? StateCookie { get; init; }

    /// <summary>Chunk types in the Supported Extensions parameter (RFC 5061), e.g. RE-CONFIG 130 and FORWARD-TSN 192.</summary>
    public IReadOnlyList<byte>? SupportedExtensions { get; init; }

    /// <summary>The Forward-TSN-Supported parameter (RFC 3758).</summary>
    public bool ForwardTsnSupported { get; init; }

    public IReadOnlyList<SctpParameter> OtherParameters { get; init; } = [];

    internal override int ValueBytes => FieldsBytes + SctpTlv.ListBytes(ParameterLengths());

    internal override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ReceiverWindowBytes);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], InitialTsn);
        var offset = FieldsBytes;
        if (StateCookie is { } cookie)
        {
            offset += SctpTlv.Write(destination[offset..], SctpParameterType.StateCookie, cookie.Span);
        }

        if (SupportedExtensions is { } extensions)
        {
            offset += SctpTlv.Write(destination[offset..], SctpParameterType.SupportedExtensions, extensions.ToArray());
        }

        if (ForwardTsnSupported)
        {
            offset += SctpTlv.Write(destination[offset..], SctpParameterType.ForwardTsnSupported, []);
        }

        foreach (var parameter in OtherParameters)
        {
            offset += SctpTlv.Write(destination[offset..], parameter.Type, parameter.Value.Span);
        }
    }

    internal static InitChunk Read(bool isAck, ReadOnlySpan<byte> value)
    {
        var name = isAck ? "INIT-ACK" : "INIT";
        SctpPacket.Require(value, FieldsBytes, name);
        ReadOnlyMemory<byte>? cookie = null;
        IReadOnlyList<byte>? extensions = null;
        var forwardTsn = false;
        var others = new List<SctpParameter>();
        foreach (var (type, parameter) in SctpTlv.ReadAll(value[FieldsBytes..], name + " parameter"))
        {
            switch (type)
            {
                case SctpParameterType.StateCookie when isAck && cookie is null:
                    cookie = parameter;
                    break;
                case SctpParameterType.SupportedExtensions when extensions is null:
                    extensions = parameter;
                    break;
                case SctpParameterType.ForwardTsnSupported when !forwardTsn:
                    forwardTsn = true;
                    break;
                default:
                    others.Add(new SctpParameter(type, parameter));
                    break;
            }
        }

        return new InitChunk
        {
            IsAck = isAck,
            InitiateTag = BinaryPrimitives.ReadUInt32BigEndian(value),
            ReceiverWindowBytes = BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            OutboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[8..]),
            InboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[10..]),
            InitialTsn = BinaryPrimitives.ReadUInt32BigEndian(value[12..]),
            StateCookie = cookie,
            SupportedExtensions = extensions,
            ForwardTsnSupported = forwardTsn,
            OtherParameters = others,
        };
    }

    private IEnumerable<int> ParameterLengths()
    {
        if (StateCookie is { } cookie)
        {
            yield return cookie.Length;
        }

        if (SupportedExtensions is { } extensions)
        {
            yield return extensions.Count;
        }

        if (ForwardTsnSupported)
        {
            yield return 0;
        }

        foreach (var parameter in OtherParameters)
        {
            yield return parameter.Value.Length;
        }
    }
}
