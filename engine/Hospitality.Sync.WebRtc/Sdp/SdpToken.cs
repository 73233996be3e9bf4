namespace Hospitality.Sync.WebRtc.Sdp;

/// <summary>The <c>token</c> of RFC 8866 section 9: what mids, group members and option names are made of.</summary>
internal static class SdpToken
{
    public const int MaxChars = 256;

    public static bool IsValid(string text) =>
        text.Length is > 0 and <= MaxChars && text.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`{|}~".Contains(c, StringComparison.Ordinal));
}
