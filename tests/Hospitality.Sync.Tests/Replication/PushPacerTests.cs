using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>The token bucket that paces a Greengrass's pushes to the cloud: at once when idle, never held past its ceiling.</summary>
public sealed class PushPacerTests
{
    private const long Frequency = 10_000_000;
    private static readonly PushPacing Pacing = new() { Burst = 3, Ceiling = TimeSpan.FromSeconds(2) };
    private static readonly long CeilingTicks = 2 * Frequency;

    [Fact]
    public void After_an_idle_spell_a_burst_of_pushes_goes_at_once_then_the_next_waits_for_a_token()
    {
        var pacer = new PushPacer(Pacing, Frequency, now: 0);
        Assert.All(Enumerable.Range(0, 3), push => Assert.True(pacer.TryTake(0, out _)));
        Assert.False(pacer.TryTake(Frequency / 2, out var wait));
        Assert.Equal(CeilingTicks - (Frequency / 2), wait);
        Assert.True(pacer.TryTake(CeilingTicks, out _));
    }

    [Fact]
    public void An_idle_link_refills_the_whole_burst_but_no_more()
    {
        var pacer = new PushPacer(Pacing, Frequency, now: 0);
        Assert.All(Enumerable.Range(0, 3), push => Assert.True(pacer.TryTake(0, out _)));
        var later = 100 * CeilingTicks;
        Assert.All(Enumerable.Range(0, 3), push => Assert.True(pacer.TryTake(later, out _)));
        Assert.False(pacer.TryTake(later, out _));
    }

    [Theory]
    [InlineData(0, 2.0)]
    [InlineData(1001, 2.0)]
    [InlineData(3, 0.0)]
    [InlineData(3, 601.0)]
    public void Settings_that_would_never_push_or_never_wait_are_refused(int burst, double ceilingSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PushPacer(new PushPacing { Burst = burst, Ceiling = TimeSpan.FromSeconds(ceilingSeconds) }, Frequency, 0));

    /// <summary>
    /// Whatever the arrivals, a refused push learns a wait within one ceiling, and no window of time
    /// holds more pushes than the burst plus one per ceiling it spans: so batching never costs more
    /// pushes than that, and a write never waits more than a ceiling for its turn.
    /// </summary>
    [Property(MaxTest = 500)]
    public Property No_push_waits_past_the_ceiling_and_no_window_holds_more_than_burst_plus_refills() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 3_000)).ToArbitrary(), gapsMs =>
        {
            var pacer = new PushPacer(Pacing, Frequency, now: 0);
            var now = 0L;
            var pushes = new List<long>();
            foreach (var gap in gapsMs)
            {
                now += gap * (Frequency / 1000);
                while (!pacer.TryTake(now, out var wait))
                {
                    if (wait <= 0 || wait > CeilingTicks)
                    {
                        return false;
                    }

                    now += wait;
                }

                pushes.Add(now);
            }

            return pushes.Select((start, i) => pushes.Skip(i).TakeWhile(time => time - start < 10 * CeilingTicks).Count()).All(count => count <= 3 + 10);
        });
}
