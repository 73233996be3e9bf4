namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>ERROR (RFC 9260 section 3.3.10): reports conditions that do not end the association, such as an unrecognized chunk.</summary>
internal sealed record ErrorChunk : SctpChunk
{
    public override SctpChunkType Type => SctpChunkType.Error;

    public required IReadOnlyList<SctpErrorCause> Causes { get; init; }

    internal override int ValueBytes => SctpErrorCause.EncodedBytes(Causes);

    internal override void WriteValue(Span<byte> destination) => SctpErrorCause.WriteAll(destination, Causes);

    internal static ErrorChunk Read(ReadOnlySpan<byte> value) => new() { Causes = SctpErrorCause.ReadAll(value) };
}
