using System.Security.Cryptography;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Randomness;

/// <summary>The production <see cref="IRandomSource"/>: the OS's cryptographic generator, since ICE passwords, tie-breakers and keys come from it.</summary>
public sealed class CryptoRandomSource : IRandomSource
{
    public static CryptoRandomSource Instance { get; } = new();

    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return RandomNumberGenerator.GetInt32(maxExclusive);
    }

    public ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    /// <summary>53 random bits scaled into [0, 1), the resolution of a double.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public void NextBytes(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
