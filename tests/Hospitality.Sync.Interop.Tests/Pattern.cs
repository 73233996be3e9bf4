namespace Hospitality.Sync.Interop.Tests;

/// <summary>The bytes every peer sends as a binary message: byte i is (i*31+7) mod 256, so a receiver can check any length.</summary>
public static class Pattern
{
    public static byte[] Of(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 31) + 7);
        }

        return bytes;
    }

    public static bool Holds(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)((i * 31) + 7))
            {
                return false;
            }
        }

        return true;
    }
}
