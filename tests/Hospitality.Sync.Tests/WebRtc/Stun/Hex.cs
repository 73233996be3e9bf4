namespace Hospitality.Sync.Tests.WebRtc.Stun;

/// <summary>Test vectors are written as hex, as the RFCs print them; whitespace is ignored.</summary>
public static class Hex
{
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
