using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Tests.WebRtc.Sctp;

/// <summary>A seeded random source, so every association test replays exactly.</summary>
public sealed class SeededRandom(int seed) : IRandomSource
{
    private readonly Random random = new(seed);

    public int Next(int maxExclusive) => random.Next(maxExclusive);

    public ulong NextUInt64() => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);

    public double NextDouble() => random.NextDouble();

    public void NextBytes(Span<byte> destination) => random.NextBytes(destination);
}
