namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// A chunk type this stack does not know, kept as it came. Its top two type bits say what the
/// receiver does (RFC 9260 section 3.2): stop processing the packet or skip the chunk, and whether to report it.
/// </summary>
internal sealed record UnknownChunk : SctpChunk
{
    public required byte TypeValue { get; init; }

    public byte FlagsValue { get; init; }

    public ReadOnlyMemory<byte> Value { get; init; }

    public override SctpChunkType Type => (SctpChunkType)TypeValue;

    /// <summary>Bit 7 set: skip this chunk and go on with the packet; clear: drop the rest of the packet.</summary>
    public bool SkipAndContinue => (TypeValue & 0x80) != 0;

    /// <summary>Bit 6 set: report it in an ERROR chunk with an Unrecognized Chunk Type cause.</summary>
    public bool Report => (TypeValue & 0x40) != 0;

    internal override byte Flags => FlagsValue;

    internal override int ValueBytes => Value.Length;

    internal override void WriteValue(Span<byte> destination) => Value.Span.CopyTo(destination);
}
