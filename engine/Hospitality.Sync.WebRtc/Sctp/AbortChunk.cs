namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>ABORT (RFC 9260 section 3.3.7): ends the association at once. T set means the verification tag is the sender's own, reflected.</summary>
internal sealed record AbortChunk : SctpChunk
{
    public override SctpChunkType Type => SctpChunkType.Abort;

    public bool TagReflected { get; init; }

    public IReadOnlyList<SctpErrorCause> Causes { get; init; } = [];

    internal override byte Flags => (byte)(TagReflected ? 1 : 0);

    internal override int ValueBytes => SctpErrorCause.EncodedBytes(Causes);

    internal override void WriteValue(Span<byte> destination) => SctpErrorCause.WriteAll(destination, Causes);

    internal static AbortChunk Read(byte flags, ReadOnlySpan<byte> value) =>
        new() { TagReflected = (flags & 1) != 0, Causes = SctpErrorCause.ReadAll(value) };
}
