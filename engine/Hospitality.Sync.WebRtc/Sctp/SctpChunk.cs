namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// One chunk of an SCTP packet: a type, flags, a 16-bit length and a value padded to four bytes
/// (RFC 9260 section 3.2). Each kind writes its own value; <see cref="SctpPacket"/> frames them.
/// </summary>
internal abstract record SctpChunk
{
    public const int HeaderBytes = 4;

    /// <summary>The largest value a chunk can carry: its 16-bit length counts the header too.</summary>
    public const int ValueMaxBytes = ushort.MaxValue - HeaderBytes;

    public abstract SctpChunkType Type { get; }

    internal virtual byte Flags => 0;

    internal abstract int ValueBytes { get; }

    internal abstract void WriteValue(Span<byte> destination);

    /// <summary>Header, value and padding: the bytes the chunk takes in a packet.</summary>
    public int EncodedBytes => HeaderBytes + ((ValueBytes + 3) & ~3);
}
