using System.Globalization;

namespace Hospitality.Reports.Formatting;

/// <summary>
/// Numbers as people read them, with units: "42.1 ms", "48.2 MB/day", "3 min 20 s".
/// Always the invariant culture, so a report's bytes do not depend on the machine that wrote it.
/// </summary>
public static class Units
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly string[] BytePrefixes = ["B", "kB", "MB", "GB", "TB", "PB"];

    /// <summary>A whole count with thousands separators: 1,317,014.</summary>
    public static string Count(long count) => count.ToString("N0", Invariant);

    /// <summary>About three significant figures, thousands separators above 1,000: 0.421, 4.21, 42.1, 421, 4,210.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "n/a";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "-∞";
        }

        // Pick the digits for the value as it will print: 9.996 prints as "10.0", not "10.00".
        var format = FormatFor(Math.Abs(value));
        var decimals = format switch { "0.0" => 1, "0.00" => 2, "0.000" => 3, _ => -1 };
        var rounded = decimals < 0 ? Math.Abs(value) : Math.Abs(Math.Round(value, decimals));
        format = FormatFor(Math.Max(Math.Abs(value), rounded));
        return value.ToString(format, Invariant);
    }

    private static string FormatFor(double magnitude) => magnitude switch
    {
        0 => "0",
        >= 100 => "N0",
        >= 10 => "0.0",
        >= 1 => "0.00",
        >= 0.01 => "0.000",
        _ => "0.###E+0",
    };

    /// <summary>An axis tick: as few digits as the value needs ("0.3", "10", "1,000"), float noise rounded away.</summary>
    public static string Tick(double value) =>
        double.IsFinite(value) ? Math.Round(value, 6).ToString("#,##0.######", Invariant) : Number(value);

    /// <summary>An axis tick for a fraction, as a percentage: 0.9 → "90%".</summary>
    public static string PercentTick(double fraction) => $"{Tick(fraction * 100)}%";

    /// <summary>A latency in milliseconds, switching to seconds, minutes or hours when that reads better.</summary>
    public static string Milliseconds(double milliseconds)
    {
        var magnitude = Math.Abs(milliseconds);
        return magnitude switch
        {
            < 1_000 => $"{Number(milliseconds)} ms",
            _ => Duration(milliseconds / 1_000),
        };
    }

    /// <summary>A wait in milliseconds: "0", microseconds under a millisecond ("5.00 µs"), else as <see cref="Milliseconds"/>; short waits read better so than in E notation.</summary>
    public static string Wait(double milliseconds) => milliseconds switch
    {
        0 => "0",
        < 1 => $"{Number(milliseconds * 1000)} µs",
        _ => Milliseconds(milliseconds),
    };

    /// <summary>A duration in seconds: "0.84 s", "12.5 s", "3 min 20 s", "24 h", "1 h 05 min".</summary>
    public static string Duration(double seconds)
    {
        var magnitude = Math.Abs(seconds);
        if (magnitude < 1)
        {
            return magnitude < 0.001 && magnitude > 0
                ? $"{Number(seconds * 1_000)} ms"
                : $"{Number(seconds)} s";
        }

        if (magnitude < 60)
        {
            return $"{Number(seconds)} s";
        }

        var sign = seconds < 0 ? "-" : "";
        var whole = (long)Math.Round(magnitude);
        if (whole < 3_600)
        {
            var minutes = whole / 60;
            var rest = whole % 60;
            return rest == 0
                ? $"{sign}{minutes.ToString(Invariant)} min"
                : $"{sign}{minutes.ToString(Invariant)} min {rest.ToString("00", Invariant)} s";
        }

        var hours = whole / 3_600;
        var restMinutes = (whole % 3_600) / 60;
        return restMinutes == 0
            ? $"{sign}{Count(hours)} h"
            : $"{sign}{Count(hours)} h {restMinutes.ToString("00", Invariant)} min";
    }

    /// <summary>A moment of virtual time since the start of the run, as a clock: 36,000 s → "10:00:00", 90,061 s → "25:01:01".</summary>
    public static string Clock(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return Number(seconds);
        }

        var sign = seconds < 0 ? "-" : "";
        var whole = (long)Math.Round(Math.Abs(seconds));
        return $"{sign}{(whole / 3_600).ToString("0", Invariant)}:{(whole % 3_600 / 60).ToString("00", Invariant)}:{(whole % 60).ToString("00", Invariant)}";
    }

    /// <summary>Bytes in decimal (SI) units, as the seed guide writes them: "512 B", "48.2 MB".</summary>
    public static string Bytes(double bytes)
    {
        var magnitude = Math.Abs(bytes);
        var prefix = 0;
        while (magnitude >= 999.5 && prefix < BytePrefixes.Length - 1)
        {
            magnitude /= 1_000;
            prefix++;
        }

        var scaled = Math.Sign(bytes) * magnitude;
        return prefix == 0
            ? $"{Math.Round(scaled).ToString("0", Invariant)} B"
            : $"{Number(scaled)} {BytePrefixes[prefix]}";
    }

    /// <summary>A daily volume: "48.2 MB/day".</summary>
    public static string BytesPerDay(double bytesPerDay) => $"{Bytes(bytesPerDay)}/day";

    /// <summary>A value in a target's own unit, so it reads beside the documented target ("42.1 ms" beside "&lt; 50 ms").</summary>
    public static string InUnit(double value, string unit) => unit switch
    {
        "" => Number(value),
        "%" => $"{Number(value)}%",
        _ => $"{Number(value)} {unit}",
    };

    /// <summary>A bit rate: "500 kbit/s", "50 Mbit/s", "1 Gbit/s".</summary>
    public static string BitRate(long bitsPerSecond) => bitsPerSecond switch
    {
        >= 1_000_000_000 => $"{Number(bitsPerSecond / 1e9)} Gbit/s",
        >= 1_000_000 => $"{Number(bitsPerSecond / 1e6)} Mbit/s",
        >= 1_000 => $"{Number(bitsPerSecond / 1e3)} kbit/s",
        _ => $"{Count(bitsPerSecond)} bit/s",
    };

    /// <summary>A ratio as a percentage: 0.953 → "95.3%".</summary>
    public static string Percent(double fraction) => $"{Number(fraction * 100)}%";

    /// <summary>How much faster than real time: "2,097×".</summary>
    public static string Speed(double ratio) => $"{Number(ratio)}×";
}
