namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// The chunks that are only a type and (for SHUTDOWN-COMPLETE) the T flag: SHUTDOWN-ACK,
/// COOKIE-ACK and SHUTDOWN-COMPLETE (RFC 9260 sections 3.3.9, 3.3.12, 3.3.13).
/// </summary>
internal sealed record SignalChunk : SctpChunk
{
    private readonly SctpChunkType _type;

    public SignalChunk(SctpChunkType type)
    {
        if (type is not (SctpChunkType.ShutdownAck or SctpChunkType.CookieAck or SctpChunkType.ShutdownComplete))
        {
            throw new ArgumentException($"{type} carries a value; it is not a signal chunk", nameof(type));
        }

        this._type = type;
    }

    public static SignalChunk ShutdownAck => new(SctpChunkType.ShutdownAck);

    public static SignalChunk CookieAck => new(SctpChunkType.CookieAck);

    public static SignalChunk ShutdownComplete => new(SctpChunkType.ShutdownComplete);

    public override SctpChunkType Type => _type;

    /// <summary>SHUTDOWN-COMPLETE's T flag: the verification tag is the sender's own.</summary>
    public bool TagReflected { get; init; }

    internal override byte Flags => (byte)(TagReflected && _type == SctpChunkType.ShutdownComplete ? 1 : 0);

    internal override int ValueBytes => 0;

    internal override void WriteValue(Span<byte> destination)
    {
    }

    /// <summary>Any value bytes are ignored, as a receiver should for chunks that define none.</summary>
    internal static SignalChunk Read(SctpChunkType type, byte flags) =>
        new(type) { TagReflected = type == SctpChunkType.ShutdownComplete && (flags & 1) != 0 };
}
