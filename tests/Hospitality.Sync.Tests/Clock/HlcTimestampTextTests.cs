using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Tests.Clock;

public sealed class HlcTimestampTextTests
{
    [Fact]
    public void Text_is_wall_counter_and_node_with_fixed_width_numbers()
    {
        var timestamp = new HlcTimestamp(1_767_225_600_000, 3, "tablet-1");

        Assert.Equal("001767225600000:00003:tablet-1", timestamp.ToString());
        Assert.Equal("999999999999999:65535:x", new HlcTimestamp(HlcTimestamp.MaxWallMilliseconds, HlcTimestamp.MaxCounter, "x").ToString());
    }

    [Property(MaxTest = 500)]
    public Property Text_round_trips() =>
        Prop.ForAll(Timestamps.Any.ToArbitrary(), timestamp =>
            HlcTimestamp.TryParse(timestamp.ToString(), out var parsed) && parsed == timestamp && HlcTimestamp.Parse(timestamp.ToString()) == timestamp);

    [Property(MaxTest = 500)]
    public Property Text_sorts_like_the_timestamp() =>
        Prop.ForAll(Gen.OneOf(Timestamps.Any, Timestamps.Crowded).Two().ToArbitrary(), pair =>
            Math.Sign(string.CompareOrdinal(pair.Item1.ToString(), pair.Item2.ToString())) == Math.Sign(pair.Item1.CompareTo(pair.Item2)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1767225600000:3:tablet-1")]
    [InlineData("001767225600000:00003:")]
    [InlineData("001767225600000:00003")]
    [InlineData("001767225600000:00003:tablet:1")]
    [InlineData("001767225600000:65536:tablet-1")]
    [InlineData("0001767225600000:00003:tablet-1")]
    [InlineData("+01767225600000:00003:tablet-1")]
    [InlineData("-01767225600000:00003:tablet-1")]
    [InlineData(" 01767225600000:00003:tablet-1")]
    [InlineData("001767225600000:+0003:tablet-1")]
    [InlineData("00176722560000x:00003:tablet-1")]
    [InlineData("00176722560000٣:00003:tablet-1")]
    [InlineData("001767225600000-00003-tablet-1")]
    [InlineData("::")]
    public void TryParse_rejects_malformed_text(string? text)
    {
        Assert.False(HlcTimestamp.TryParse(text, out var timestamp));
        Assert.Equal(default, timestamp);
    }

    [Fact]
    public void Parse_reports_malformed_text_as_a_format_error()
    {
        var error = Assert.Throws<FormatException>(() => HlcTimestamp.Parse("yesterday"));

        Assert.Contains("'yesterday'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wall_time_past_the_fifteen_digits_of_the_text_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HlcTimestamp(HlcTimestamp.MaxWallMilliseconds + 1, 0, "tablet-1"));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, -1)]
    [InlineData(0, HlcTimestamp.MaxCounter + 1)]
    public void A_negative_wall_time_or_a_counter_outside_its_range_is_refused(long wall, int counter)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HlcTimestamp(wall, counter, "tablet-1"));
    }

    [Fact]
    public void A_node_id_with_the_separator_is_refused_naming_the_id()
    {
        var error = Assert.Throws<ArgumentException>("nodeId", () => new HlcTimestamp(1, 0, "tablet:1"));

        Assert.Contains("'tablet:1'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("nodeId", () => new HlcTimestamp(1, 0, ""));
        Assert.Throws<ArgumentNullException>("nodeId", () => new HlcTimestamp(1, 0, null!));
    }

    /// <summary>Whatever the text, TryParse does not throw, and only accepts the canonical text of what it returns.</summary>
    [Property(MaxTest = 1_000)]
    public bool Random_text_is_rejected_unless_it_is_the_canonical_text_of_a_timestamp(string? text) =>
        !HlcTimestamp.TryParse(text, out var parsed) || parsed.ToString() == text;

    [Property(MaxTest = 1_000)]
    public Property Near_miss_text_is_rejected_unless_it_is_the_canonical_text_of_a_timestamp() =>
        Prop.ForAll(Timestamps.NearMissText.ToArbitrary(), text =>
            !HlcTimestamp.TryParse(text, out var parsed) || parsed.ToString() == text);
}
