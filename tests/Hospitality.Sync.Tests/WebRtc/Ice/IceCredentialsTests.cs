using Hospitality.Sync.Ports;
using Hospitality.Sync.WebRtc.Ice;

namespace Hospitality.Sync.Tests.WebRtc.Ice;

public sealed class IceCredentialsTests
{
    [Fact]
    public void Generated_credentials_are_long_enough_for_chromium_and_differ_per_draw()
    {
        var random = new SeededRandom(7);

        var first = IceCredentials.Generate(random);
        var second = IceCredentials.Generate(random);

        Assert.Equal(IceCredentials.GeneratedUfragChars, first.Ufrag.Length);
        Assert.Equal(IceCredentials.GeneratedPasswordChars, first.Password.Length);
        Assert.True(first.Ufrag.All(IceCredentials.IsIceChar) && first.Password.All(IceCredentials.IsIceChar));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_same_seed_gives_the_same_credentials()
    {
        Assert.Equal(IceCredentials.Generate(new SeededRandom(3)), IceCredentials.Generate(new SeededRandom(3)));
    }

    private sealed class SeededRandom(int seed) : IRandomSource
    {
        private readonly Random _random = new(seed);

        public int Next(int maxExclusive) => _random.Next(maxExclusive);

        public ulong NextUInt64() => (ulong)_random.NextInt64();

        public double NextDouble() => _random.NextDouble();

        public void NextBytes(Span<byte> destination) => _random.NextBytes(destination);
    }
}
