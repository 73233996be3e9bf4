using Hospitality.Sync.Ports;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>
/// An agent's ICE username fragment and password (RFC 8839 section 5.4): ice-chars only
/// (letters, digits, '+', '/'), ufrag 4-256 and password 22-256 characters. Chromium refuses
/// shorter ones, so they are checked on the way in and out.
/// </summary>
internal sealed record IceCredentials
{
    public const int UfragMinChars = 4;
    public const int PasswordMinChars = 22;
    public const int MaxChars = 256;

    /// <summary>Generated sizes: 24 bits of entropy in the ufrag (RFC 8445 asks for 24) and 128 in the password.</summary>
    public const int GeneratedUfragChars = 8;
    public const int GeneratedPasswordChars = 24;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public IceCredentials(string ufrag, string password)
    {
        Check(ufrag, "ice-ufrag", UfragMinChars);
        Check(password, "ice-pwd", PasswordMinChars);
        Ufrag = ufrag;
        Password = password;
    }

    public string Ufrag { get; }

    public string Password { get; }

    public static IceCredentials Generate(IRandomSource random) =>
        new(RandomText(random, GeneratedUfragChars), RandomText(random, GeneratedPasswordChars));

    public static bool IsIceChar(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/';

    /// <exception cref="SdpFormatException">The value is too short, too long or has a character outside ice-char.</exception>
    internal static void Check(string value, string name, int minChars)
    {
        if (value.Length < minChars || value.Length > MaxChars)
        {
            throw new SdpFormatException($"{name} has {value.Length} characters; it needs {minChars} to {MaxChars}");
        }

        foreach (var c in value)
        {
            if (!IsIceChar(c))
            {
                throw new SdpFormatException($"{name} contains '{c}', which is not a letter, digit, '+' or '/'");
            }
        }
    }

    private static string RandomText(IRandomSource random, int length) =>
        string.Create(length, random, static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = IceChars[source.Next(IceChars.Length)];
            }
        });
}
