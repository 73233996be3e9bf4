using System.Globalization;
using Hospitality.Reports.Html;

namespace Hospitality.Reports.Sweeps;

/// <summary>A spread as text: "6.2 ms / 6.9 ms / 7.4 ms" (min / median / max), one value when they agree, "—" when none.</summary>
public static class SpreadText
{
    public static string Plain(Spread? spread, Func<double, string> format)
    {
        if (spread is not { } value)
        {
            return "—";
        }

        return Same(value, format)
            ? format(value.Median)
            : $"{format(value.Min)} / {format(value.Median)} / {format(value.Max)}";
    }

    /// <summary>The same, as HTML with the median emphasised.</summary>
    public static string Html(Spread? spread, Func<double, string> format)
    {
        if (spread is not { } value)
        {
            return "<span class=\"muted\">—</span>";
        }

        if (Same(value, format))
        {
            return $"<span class=\"spread\"><span class=\"med\">{HtmlText.Encode(format(value.Median))}</span></span>";
        }

        return "<span class=\"spread\">"
            + HtmlText.Encode(format(value.Min))
            + "<span class=\"sep\">/</span><span class=\"med\">" + HtmlText.Encode(format(value.Median)) + "</span>"
            + "<span class=\"sep\">/</span>" + HtmlText.Encode(format(value.Max))
            + "</span>";
    }

    /// <summary>"1–10" for consecutive seeds, else "1, 4, 9" (at most <see cref="SeedsShownMax"/> listed).</summary>
    public static string Seeds(IReadOnlyList<ulong> seeds)
    {
        if (seeds.Count == 0)
        {
            return "—";
        }

        var sorted = seeds.Order().ToList();
        var consecutive = sorted.Count > 2 && sorted.Zip(sorted.Skip(1)).All(pair => pair.Second == pair.First + 1);
        if (consecutive)
        {
            return $"{sorted[0].ToString(CultureInfo.InvariantCulture)}–{sorted[^1].ToString(CultureInfo.InvariantCulture)}";
        }

        var shown = string.Join(", ", sorted.Take(SeedsShownMax).Select(seed => seed.ToString(CultureInfo.InvariantCulture)));
        return sorted.Count > SeedsShownMax ? $"{shown}, … ({sorted.Count} seeds)" : shown;
    }

    public const int SeedsShownMax = 12;

    private static bool Same(Spread value, Func<double, string> format) =>
        value.Count == 1 || format(value.Min) == format(value.Max);
}
