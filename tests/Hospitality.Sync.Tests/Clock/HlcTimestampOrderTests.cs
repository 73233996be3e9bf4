using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Tests.Clock;

public sealed class HlcTimestampOrderTests
{
    [Property(MaxTest = 300)]
    public Property The_comparison_operators_agree_with_CompareTo() =>
        Prop.ForAll(Timestamps.Crowded.Two().ToArbitrary(), pair =>
        {
            var (left, right) = pair;
            var order = left.CompareTo(right);
            return (left < right) == (order < 0)
                && (left > right) == (order > 0)
                && (left <= right) == (order <= 0)
                && (left >= right) == (order >= 0);
        });

    [Fact]
    public void Equal_stamps_are_neither_before_nor_after_each_other()
    {
        var stamp = new HlcTimestamp(10, 2, "tablet-1");
        var same = new HlcTimestamp(10, 2, "tablet-1");

        Assert.False(stamp < same);
        Assert.False(stamp > same);
        Assert.True(stamp <= same);
        Assert.True(stamp >= same);
    }

    [Fact]
    public void TryFormat_writes_the_text_only_into_a_destination_long_enough()
    {
        var stamp = new HlcTimestamp(1_767_225_600_000, 3, "tablet-1");
        var tooShort = new char[stamp.TextLength - 1];
        var exact = new char[stamp.TextLength];
        var longer = new char[stamp.TextLength + 5];

        Assert.False(stamp.TryFormat(tooShort, out var writtenShort));
        Assert.Equal(0, writtenShort);
        Assert.True(stamp.TryFormat(exact, out var writtenExact));
        Assert.Equal(stamp.TextLength, writtenExact);
        Assert.Equal("001767225600000:00003:tablet-1", new string(exact));
        Assert.True(stamp.TryFormat(longer, out var writtenLonger));
        Assert.Equal("001767225600000:00003:tablet-1", new string(longer, 0, writtenLonger));
    }
}
