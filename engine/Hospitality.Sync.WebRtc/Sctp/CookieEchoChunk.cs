namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>COOKIE-ECHO (RFC 9260 section 3.3.11): the state cookie from the INIT-ACK, returned unchanged.</summary>
internal sealed record CookieEchoChunk : SctpChunk
{
    public override SctpChunkType Type => SctpChunkType.CookieEcho;

    public required ReadOnlyMemory<byte> Cookie { get; init; }

    internal override int ValueBytes => Cookie.Length;

    internal override void WriteValue(Span<byte> destination) => Cookie.Span.CopyTo(destination);

    internal static CookieEchoChunk Read(ReadOnlySpan<byte> value) => new() { Cookie = value.ToArray() };
}
