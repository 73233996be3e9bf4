using FsCheck.Xunit;
using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Tests.Kernel;

public sealed class RandomStreamTests
{
    [Fact]
    public void A_component_stream_does_not_shift_when_another_component_is_added()
    {
        var alone = new Simulation(17);
        var withNeighbour = new Simulation(17);
        _ = withNeighbour.Random("network/links").NextUInt64();
        var neighbour = withNeighbour.Random("workload");
        for (var i = 0; i < 100; i++)
        {
            neighbour.NextUInt64();
        }

        var first = Draw(alone.Random("device-7"));
        var second = Draw(withNeighbour.Random("device-7"));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Streams_with_different_names_or_seeds_differ()
    {
        var simulation = new Simulation(17);

        Assert.NotEqual(Draw(simulation.Random("a")), Draw(simulation.Random("b")));
        Assert.NotEqual(Draw(new Simulation(17).Random("a")), Draw(new Simulation(18).Random("a")));
    }

    [Fact]
    public void A_seeded_stream_replays_known_values()
    {
        // Pinned values (checked against a reference xoshiro256** in Python): a change here changes
        // every trace hash, so it must be deliberate.
        var random = new SimRandom(42);

        Assert.Equal(0x15780b2e0c2ec716UL, random.NextUInt64());
        Assert.Equal(0x6104d9866d113a7eUL, random.NextUInt64());
        Assert.Equal("3c3b664b3970d7ec", StableHash.Of("greengrass").ToString("x16"));
    }

    [Property(MaxTest = 200)]
    public bool Bounded_draws_stay_in_range(ulong seed, int bound)
    {
        var maxExclusive = Math.Max(1, Math.Abs(bound % 10_000) + 1);
        var random = new SimRandom(seed);
        return Enumerable.Range(0, 50).All(_ => random.Next(maxExclusive) is var value && value >= 0 && value < maxExclusive);
    }

    [Fact]
    public void Gaussian_draws_have_zero_mean_and_unit_spread()
    {
        var random = new SimRandom(3);
        var samples = Enumerable.Range(0, 100_000).Select(_ => random.NextGaussian()).ToArray();
        var mean = samples.Average();
        var variance = samples.Select(x => (x - mean) * (x - mean)).Average();

        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.97, 1.03);
    }

    private static ulong[] Draw(SimRandom random, int count = 8) => Enumerable.Range(0, count).Select(_ => random.NextUInt64()).ToArray();
}
