using System.Buffers.Binary;
using System.Numerics;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Kernel;

/// <summary>
/// A seeded random stream (xoshiro256**, seeded through SplitMix64). Its draws depend on its seed
/// alone, so the same seed replays the same numbers in any process.
/// </summary>
public sealed class SimRandom : IRandomSource
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SimRandom(ulong seed)
    {
        Seed = seed;
        var splitMix = seed;
        _s0 = NextSplitMix(ref splitMix);
        _s1 = NextSplitMix(ref splitMix);
        _s2 = NextSplitMix(ref splitMix);
        _s3 = NextSplitMix(ref splitMix);
    }

    public ulong Seed { get; }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Lemire's unbiased bounded draw.</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var bound = (ulong)maxExclusive;
        var product = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return (int)product;
    }

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="probability"/>; draws nothing when it is 0 or 1.</summary>
    public bool Chance(double probability) =>
        probability > 0 && (probability >= 1 || NextDouble() < probability);

    public void NextBytes(Span<byte> destination)
    {
        while (destination.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, NextUInt64());
            destination = destination[8..];
        }

        if (destination.Length > 0)
        {
            Span<byte> last = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(last, NextUInt64());
            last[..destination.Length].CopyTo(destination);
        }
    }

    /// <summary>
    /// An approximately standard normal draw (Irwin-Hall: twelve uniforms minus six). It uses only
    /// addition, so the result is bit-identical on every machine, which Math.Log and Math.Cos are not.
    /// </summary>
    public double NextGaussian()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++)
        {
            sum += NextDouble();
        }

        return sum - 6.0;
    }

    /// <summary>
    /// An exponential draw with mean 1, by von Neumann's comparison method: uniforms and comparisons
    /// only (about three draws each), so it too is bit-identical everywhere, unlike -Math.Log(u).
    /// </summary>
    public double NextExponential()
    {
        for (var whole = 0; ; whole++)
        {
            var first = NextDouble();
            var previous = first;
            var run = 1;
            while (NextDouble() is var next && next < previous)
            {
                previous = next;
                run++;
            }

            if (run % 2 == 1)
            {
                return whole + first;
            }
        }
    }

    /// <summary>An independent stream named after a component; the name, not the call order, fixes its draws.</summary>
    public SimRandom Fork(string name) => new(StableHash.Finalize(StableHash.Mix(Seed, StableHash.Of(name))));

    private static ulong NextSplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return StableHash.Finalize(state);
    }
}
