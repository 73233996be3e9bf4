using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Tests.WebRtc.Sctp;

/// <summary>A seeded random source, so every association test replays exactly.</summary>
public sealed class SeededRandom(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public ulong NextUInt64() => (ulong)_random.NextInt64() ^ ((ulong)_random.Next() << 63);

    public double NextDouble() => _random.NextDouble();

    public void NextBytes(Span<byte> destination) => _random.NextBytes(destination);
}
