using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Hospitality.Sim.Kernel;

/// <summary>
/// 64-bit hashing that is the same in every process and on every machine, unlike
/// <c>string.GetHashCode</c> or <c>HashCode</c>, which .NET randomizes per process.
/// </summary>
public static class StableHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;

    /// <summary>Mixes one value into a running hash (a xxHash64-style round).</summary>
    public static ulong Mix(ulong hash, ulong value)
    {
        hash ^= BitOperations.RotateLeft(value * Prime2, 31) * Prime1;
        return BitOperations.RotateLeft(hash, 27) * Prime1 + 0x85EBCA77C2B2AE63UL;
    }

    /// <summary>The SplitMix64 finalizer: spreads every input bit over the output.</summary>
    public static ulong Finalize(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var hash = (ulong)bytes.Length * Prime1;
        while (bytes.Length >= 8)
        {
            hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        return Finalize(Mix(hash, tail));
    }

    public static ulong Of(string text) => Of(Encoding.UTF8.GetBytes(text));
}
