using System.Globalization;
using Hospitality.Reports.Formatting;

namespace Hospitality.Reports.Tests.Formatting;

public sealed class UnitsTests
{
    [Theory]
    [InlineData(0.42, "0.420 ms")]
    [InlineData(4.214, "4.21 ms")]
    [InlineData(42.14, "42.1 ms")]
    [InlineData(421.4, "421 ms")]
    [InlineData(1_520, "1.52 s")]
    [InlineData(125_000, "2 min 05 s")]
    [InlineData(0, "0 ms")]
    [InlineData(9.996, "10.0 ms")]
    [InlineData(99.96, "100 ms")]
    public void Latency_switches_from_milliseconds_to_seconds_and_minutes(double milliseconds, string expected) =>
        Assert.Equal(expected, Units.Milliseconds(milliseconds));

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(48_213_000, "48.2 MB")]
    [InlineData(999_600, "1.00 MB")]
    [InlineData(1_320_000_000, "1.32 GB")]
    [InlineData(0, "0 B")]
    public void Bytes_use_decimal_units_as_the_seed_guide_does(double bytes, string expected) =>
        Assert.Equal(expected, Units.Bytes(bytes));

    [Theory]
    [InlineData(0.84, "0.840 s")]
    [InlineData(12.5, "12.5 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(86_400, "24 h")]
    [InlineData(3_900, "1 h 05 min")]
    public void Durations_read_in_the_largest_sensible_unit(double seconds, string expected) =>
        Assert.Equal(expected, Units.Duration(seconds));

    [Theory]
    [InlineData(36_000, "10:00:00")]
    [InlineData(90_061, "25:01:01")]
    [InlineData(59.6, "0:01:00")]
    public void Moments_of_virtual_time_read_as_a_clock(double seconds, string expected) =>
        Assert.Equal(expected, Units.Clock(seconds));

    [Theory]
    [InlineData(0.3, "0.3")]
    [InlineData(10, "10")]
    [InlineData(1_000, "1,000")]
    [InlineData(0.30000000000000004, "0.3")]
    public void Axis_ticks_carry_no_needless_digits(double value, string expected) =>
        Assert.Equal(expected, Units.Tick(value));

    [Fact]
    public void Numbers_ignore_the_current_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
            Assert.Equal("1,317,014", Units.Count(1_317_014));
            Assert.Equal("48.2 MB/day", Units.BytesPerDay(48_213_000));
            Assert.Equal("4.21 ms", Units.Milliseconds(4.214));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Theory]
    [InlineData("p99 per minute (ms)", "p99-per-minute-ms")]
    [InlineData("Writes / min", "writes-min")]
    [InlineData("→→", "unnamed")]
    public void Slugs_are_safe_file_names(string text, string expected) => Assert.Equal(expected, Slug.Of(text));
}
