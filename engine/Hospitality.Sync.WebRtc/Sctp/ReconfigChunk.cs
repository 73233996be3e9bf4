namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>RE-CONFIG (RFC 6525 section 3.1): one or two stream reconfiguration parameters.</summary>
internal sealed record ReconfigChunk : SctpChunk
{
    public override SctpChunkType Type => SctpChunkType.Reconfig;

    public required IReadOnlyList<ReconfigParameter> Parameters { get; init; }

    internal override int ValueBytes => SctpTlv.ListBytes(Parameters.Select(p => p.ValueBytes));

    internal override void WriteValue(Span<byte> destination)
    {
        var offset = 0;
        foreach (var parameter in Parameters)
        {
            SctpTlv.WriteHeader(destination[offset..], parameter.ParameterType, parameter.ValueBytes);
            parameter.WriteValue(destination[(offset + SctpTlv.HeaderBytes)..]);
            offset += SctpTlv.EncodedBytes(parameter.ValueBytes);
        }
    }

    internal static ReconfigChunk Read(ReadOnlySpan<byte> value)
    {
        var items = SctpTlv.ReadAll(value, "RE-CONFIG parameter");
        if (items.Count == 0)
        {
            throw new SctpFormatException("RE-CONFIG carries no parameter");
        }

        return new ReconfigChunk { Parameters = items.Select(item => ReconfigParameter.Read(item.Type, item.Value)).ToArray() };
    }
}
