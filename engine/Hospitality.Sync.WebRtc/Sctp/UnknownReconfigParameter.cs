namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>A RE-CONFIG parameter this stack does not act on (SSN/TSN reset, add streams), kept as it came.</summary>
internal sealed record UnknownReconfigParameter(ushort Type, ReadOnlyMemory<byte> Value) : ReconfigParameter
{
    internal override ushort ParameterType => Type;

    internal override int ValueBytes => Value.Length;

    internal override void WriteValue(Span<byte> destination) => Value.Span.CopyTo(destination);
}
