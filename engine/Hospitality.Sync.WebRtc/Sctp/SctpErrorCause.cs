namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>One error cause in an ABORT or ERROR chunk (RFC 9260 section 3.3.10): a code and its cause-specific bytes.</summary>
internal readonly record struct SctpErrorCause(ushort Code, ReadOnlyMemory<byte> Info)
{
    public const ushort InvalidStreamIdentifier = 1;
    public const ushort MissingMandatoryParameter = 2;
    public const ushort StaleCookie = 3;
    public const ushort OutOfResource = 4;
    public const ushort UnrecognizedChunkType = 6;
    public const ushort InvalidMandatoryParameter = 7;
    public const ushort UnrecognizedParameters = 8;
    public const ushort NoUserData = 9;
    public const ushort CookieReceivedWhileShuttingDown = 10;
    public const ushort UserInitiatedAbort = 12;
    public const ushort ProtocolViolation = 13;

    public static SctpErrorCause UserAbort(string reason) => new(UserInitiatedAbort, System.Text.Encoding.UTF8.GetBytes(reason));

    internal static IReadOnlyList<SctpErrorCause> ReadAll(ReadOnlySpan<byte> bytes) =>
        SctpTlv.ReadAll(bytes, "error cause").Select(item => new SctpErrorCause(item.Type, item.Value)).ToArray();

    internal static int EncodedBytes(IReadOnlyList<SctpErrorCause> causes) => SctpTlv.ListBytes(causes.Select(c => c.Info.Length));

    internal static void WriteAll(Span<byte> destination, IReadOnlyList<SctpErrorCause> causes)
    {
        var offset = 0;
        foreach (var cause in causes)
        {
            offset += SctpTlv.Write(destination[offset..], cause.Code, cause.Info.Span);
        }
    }
}
