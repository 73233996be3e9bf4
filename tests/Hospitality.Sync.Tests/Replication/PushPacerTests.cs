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

    [Fact]
    public void A_bucket_that_filled_up_earns_nothing_while_full_so_its_next_token_comes_a_ceiling_after_it_was_emptied()
    {
        var pacer = new PushPacer(Pacing, Frequency, now: 0);
        Assert.All(Enumerable.Range(0, 3), push => Assert.True(pacer.TryTake(0, out _)));

        // Full again after three ceilings; the half ceiling after that is not saved towards a fourth token.
        var emptied = (3 * CeilingTicks) + (CeilingTicks / 2);
        Assert.All(Enumerable.Range(0, 3), push => Assert.True(pacer.TryTake(emptied, out _)));

        Assert.False(pacer.TryTake(emptied + (CeilingTicks * 7 / 10), out var wait));
        Assert.Equal(CeilingTicks * 3 / 10, wait);
    }

    [Theory]
    [InlineData(0, 2.0)]
    [InlineData(1001, 2.0)]
    [InlineData(3, 0.0)]
    [InlineData(3, 601.0)]
    public void Settings_that_would_never_push_or_never_wait_are_refused(int burst, double ceilingSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PushPacer(new PushPacing { Burst = burst, Ceiling = TimeSpan.FromSeconds(ceilingSeconds) }, Frequency, 0));

    [Fact]
    public void Settings_at_the_edges_of_their_ranges_are_accepted()
    {
        new PushPacing { Burst = 1, Ceiling = TimeSpan.FromMinutes(10), Linger = TimeSpan.Zero }.Validate();
        new PushPacing { Burst = 1_000, Ceiling = TimeSpan.FromTicks(1), Linger = TimeSpan.FromTicks(1) }.Validate();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2_001)]
    public void A_linger_below_zero_or_past_the_ceiling_is_refused_by_name(int lingerMs)
    {
        var pacing = new PushPacing { Ceiling = TimeSpan.FromSeconds(2), Linger = TimeSpan.FromMilliseconds(lingerMs) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(nameof(PushPacing.Linger), pacing.Validate);

        Assert.Contains("linger", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_setting_names_itself_and_its_range()
    {
        var burst = Assert.Throws<ArgumentOutOfRangeException>(nameof(PushPacing.Burst), new PushPacing { Burst = 0 }.Validate);
        var ceiling = Assert.Throws<ArgumentOutOfRangeException>(nameof(PushPacing.Ceiling), new PushPacing { Ceiling = TimeSpan.Zero, Linger = TimeSpan.Zero }.Validate);

        Assert.Contains("1 to 1,000", burst.Message, StringComparison.Ordinal);
        Assert.Contains("10 minutes", ceiling.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flush_lingers_from_its_first_call_until_a_token_is_taken_then_lingers_anew()
    {
        var pacer = new PushPacer(Pacing with { Linger = TimeSpan.FromMilliseconds(100) }, Frequency, now: 0);
        var lingerTicks = Frequency / 10;

        Assert.Equal(lingerTicks, pacer.Linger(5));
        Assert.Equal(lingerTicks - 40, pacer.Linger(45));
        Assert.Equal(0, pacer.Linger(5 + lingerTicks));
        Assert.Equal(0, pacer.Linger(5 + (2 * lingerTicks)));
        Assert.True(pacer.TryTake(5 + (2 * lingerTicks), out _));
        Assert.Equal(lingerTicks, pacer.Linger(10 * lingerTicks));
    }

    [Fact]
    public void A_refused_push_waits_exactly_until_the_next_token_even_at_the_last_tick()
    {
        var pacer = new PushPacer(Pacing with { Burst = 1 }, Frequency, now: 0);
        Assert.True(pacer.TryTake(0, out var none));
        Assert.Equal(0, none);

        Assert.False(pacer.TryTake(0, out var waitAtOnce));
        Assert.False(pacer.TryTake(CeilingTicks - 1, out var waitAtLastTick));
        Assert.True(pacer.TryTake(CeilingTicks, out _));

        Assert.Equal(CeilingTicks, waitAtOnce);
        Assert.Equal(1, waitAtLastTick);
    }

    [Fact]
    public void Tokens_earned_while_busy_are_kept_to_the_tick_they_were_earned()
    {
        // Two tokens taken at 0; one and a half ceilings later one came back, and the next arrives half a ceiling on.
        var pacer = new PushPacer(Pacing, Frequency, now: 0);
        Assert.True(pacer.TryTake(0, out _));
        Assert.True(pacer.TryTake(0, out _));
        Assert.True(pacer.TryTake(0, out _));

        var later = CeilingTicks + (CeilingTicks / 2);
        Assert.True(pacer.TryTake(later, out _));
        Assert.False(pacer.TryTake(later, out var wait));

        Assert.Equal(CeilingTicks / 2, wait);
    }

    [Fact]
    public void A_clock_that_runs_back_is_a_bug_the_pacer_refuses_to_hide()
    {
        var pacer = new PushPacer(Pacing, Frequency, now: 1_000);

        var error = Assert.Throws<InvalidOperationException>(() => pacer.TryTake(999, out _));

        Assert.Contains("from 1000 to 999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ceiling_shorter_than_one_timestamp_tick_still_paces_by_one_tick()
    {
        var pacer = new PushPacer(new PushPacing { Burst = 1, Ceiling = TimeSpan.FromTicks(1), Linger = TimeSpan.Zero }, timestampFrequency: 1_000, now: 0);
        Assert.True(pacer.TryTake(0, out _));

        Assert.False(pacer.TryTake(0, out var wait));

        Assert.Equal(1, wait);
        Assert.True(pacer.TryTake(1, out _));
    }

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
