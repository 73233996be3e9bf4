using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Tests.Clock;

public sealed class HybridLogicalClockTests
{
    // 2026-01-01T00:00:00Z.
    private const long NewYearMilliseconds = 1_767_225_600_000;

    private readonly ManualTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(NewYearMilliseconds));

    [Fact]
    public void First_reading_takes_the_physical_time_and_the_node_id()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");

        Assert.Equal(new HlcTimestamp(NewYearMilliseconds, 0, "tablet-1"), clock.Now());
    }

    [Fact]
    public void Readings_within_one_millisecond_advance_the_counter()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");

        clock.Now();
        clock.Now();
        var third = clock.Now();
        _time.SetUnixMilliseconds(NewYearMilliseconds + 1);
        var next = clock.Now();

        Assert.Equal(new HlcTimestamp(NewYearMilliseconds, 2, "tablet-1"), third);
        Assert.Equal(new HlcTimestamp(NewYearMilliseconds + 1, 0, "tablet-1"), next);
    }

    [Fact]
    public void A_physical_clock_stepping_back_keeps_the_wall_time_and_counts_on()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");
        clock.Now();

        _time.SetUnixMilliseconds(NewYearMilliseconds - 60_000);
        var afterStep = clock.Now();

        Assert.Equal(new HlcTimestamp(NewYearMilliseconds, 1, "tablet-1"), afterStep);
    }

    [Fact]
    public void Counter_overflow_borrows_the_next_millisecond_and_restarts_the_counter()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");
        for (var i = 0; i < HlcTimestamp.MaxCounter; i++)
        {
            clock.Now();
        }

        var last = clock.Now();
        var overflowed = clock.Now();
        var following = clock.Now();
        _time.SetUnixMilliseconds(NewYearMilliseconds + 1);
        var physicalCaughtUp = clock.Now();
        _time.SetUnixMilliseconds(NewYearMilliseconds + 2);
        var physicalAhead = clock.Now();

        Assert.Equal(new HlcTimestamp(NewYearMilliseconds, HlcTimestamp.MaxCounter, "tablet-1"), last);
        Assert.Equal(new HlcTimestamp(NewYearMilliseconds + 1, 0, "tablet-1"), overflowed);
        Assert.Equal(new HlcTimestamp(NewYearMilliseconds + 1, 1, "tablet-1"), following);
        Assert.Equal(new HlcTimestamp(NewYearMilliseconds + 1, 2, "tablet-1"), physicalCaughtUp);
        Assert.Equal(new HlcTimestamp(NewYearMilliseconds + 2, 0, "tablet-1"), physicalAhead);
    }

    [Fact]
    public void Observing_a_stamp_at_the_counter_limit_borrows_the_next_millisecond()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");
        var remote = new HlcTimestamp(NewYearMilliseconds, HlcTimestamp.MaxCounter, "tablet-2");

        var reading = clock.Observe(remote);

        Assert.Equal(new HlcTimestamp(NewYearMilliseconds + 1, 0, "tablet-1"), reading);
    }

    [Fact]
    public void The_last_representable_timestamp_cannot_be_passed()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");
        var endOfTime = new HlcTimestamp(HlcTimestamp.MaxWallMilliseconds, HlcTimestamp.MaxCounter, "tablet-2");

        var error = Assert.Throws<InvalidOperationException>(() => clock.Observe(endOfTime));

        Assert.Contains("'tablet-1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observe_follows_a_remote_stamp_ahead_of_physical_time()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");
        var remote = new HlcTimestamp(NewYearMilliseconds + 5_000, 7, "greengrass");

        var observed = clock.Observe(remote);
        var local = clock.Now();

        Assert.Equal(new HlcTimestamp(NewYearMilliseconds + 5_000, 8, "tablet-1"), observed);
        Assert.Equal(new HlcTimestamp(NewYearMilliseconds + 5_000, 9, "tablet-1"), local);
    }

    [Fact]
    public void Observe_keeps_the_physical_time_when_the_remote_stamp_is_behind()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");
        var remote = new HlcTimestamp(NewYearMilliseconds - 5_000, 7, "greengrass");

        Assert.Equal(new HlcTimestamp(NewYearMilliseconds, 0, "tablet-1"), clock.Observe(remote));
    }

    [Fact]
    public void Observe_takes_the_larger_counter_when_local_and_remote_share_the_wall_time()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");
        clock.Now();
        clock.Now();

        var observedAhead = clock.Observe(new HlcTimestamp(NewYearMilliseconds, 9, "tablet-2"));
        var observedBehind = clock.Observe(new HlcTimestamp(NewYearMilliseconds, 3, "tablet-2"));

        Assert.Equal(new HlcTimestamp(NewYearMilliseconds, 10, "tablet-1"), observedAhead);
        Assert.Equal(new HlcTimestamp(NewYearMilliseconds, 11, "tablet-1"), observedBehind);
    }

    [Fact]
    public void A_stamp_a_day_ahead_is_accepted_and_reported_as_drift()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");
        var dayAhead = new HlcTimestamp(NewYearMilliseconds + 86_400_000, 0, "misconfigured-tablet");

        var reading = clock.Observe(dayAhead);

        Assert.True(reading > dayAhead);
        Assert.Equal(86_400_000, clock.MaxObservedDriftMilliseconds);
    }

    [Fact]
    public void Drift_counts_only_remote_stamps_ahead_of_physical_time_and_keeps_the_largest()
    {
        var clock = new HybridLogicalClock(_time, "tablet-1");

        clock.Observe(new HlcTimestamp(NewYearMilliseconds - 3_600_000, 0, "old-write"));
        var afterOldStamp = clock.MaxObservedDriftMilliseconds;
        clock.Observe(new HlcTimestamp(NewYearMilliseconds + 900, 0, "tablet-2"));
        clock.Observe(new HlcTimestamp(NewYearMilliseconds + 250, 0, "tablet-3"));

        Assert.Equal(0, afterOldStamp);
        Assert.Equal(900, clock.MaxObservedDriftMilliseconds);
    }

    [Fact]
    public void A_physical_clock_before_1970_reads_as_the_epoch()
    {
        _time.UtcNow = new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero);
        var clock = new HybridLogicalClock(_time, "tablet-1");

        var first = clock.Now();
        var second = clock.Now();

        Assert.Equal(0, first.WallMilliseconds);
        Assert.True(second > first);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tablet:1")]
    public void A_node_id_must_fit_the_timestamp_text(string nodeId)
    {
        var error = Assert.Throws<ArgumentException>("nodeId", () => new HybridLogicalClock(_time, nodeId));

        Assert.Contains($"'{nodeId}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clock_needs_a_time_provider()
    {
        Assert.Throws<ArgumentNullException>("timeProvider", () => new HybridLogicalClock(null!, "tablet-1"));
    }
}
