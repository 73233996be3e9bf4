using System.Text;
using System.Text.RegularExpressions;
using OxyPlot;
using OxyPlot.SkiaSharp;

namespace Hospitality.Reports.Charts;

/// <summary>
/// Renders a chart to SVG (for inline HTML) and PNG (files beside the report). Text is measured with
/// Skia in both, so the SVG lays out the same as the PNG.
/// </summary>
public static partial class ChartRenderer
{
    /// <summary>PNGs are drawn at twice the CSS size so they stay sharp on high-density screens.</summary>
    public const float PngScale = 2;

    /// <summary>An <c>&lt;svg&gt;</c> element that scales with its container, its ids prefixed so several can share a page.</summary>
    public static string ToSvg(Chart chart)
    {
        using var measurer = new SkiaRenderContext { UseTextShaping = false };
        var svg = OxyPlot.SvgExporter.ExportToString(chart.Model, chart.WidthPixels, chart.HeightPixels, isDocument: false, measurer, useVerticalTextAlignmentWorkaround: true);
        return Normalize(svg, chart);
    }

    public static byte[] ToPng(Chart chart)
    {
        using var stream = new MemoryStream();
        var exporter = new PngExporter
        {
            Width = (int)(chart.WidthPixels * PngScale),
            Height = (int)(chart.HeightPixels * PngScale),
            Dpi = 96 * PngScale,
            UseTextShaping = false,
        };
        exporter.Export(chart.Model, stream);
        return stream.ToArray();
    }

    private static string Normalize(string svg, Chart chart)
    {
        var prefix = $"{chart.Name}-";
        var withIds = IdAttribute().Replace(svg, match => $"id=\"{prefix}{match.Groups[1].Value}\"");
        withIds = UrlReference().Replace(withIds, match => $"url(#{prefix}{match.Groups[1].Value})");
        var builder = new StringBuilder(withIds.Length + 128);
        var open = SvgOpen().Match(withIds);
        if (!open.Success)
        {
            throw new InvalidOperationException("OxyPlot wrote no <svg> element");
        }

        // Whatever comes before <svg> (OxyPlot writes an XML declaration even for a fragment) cannot sit inside HTML.
        builder.Append(
            $"<svg viewBox=\"0 0 {chart.WidthPixels} {chart.HeightPixels}\" role=\"img\" aria-label=\"{Html.HtmlText.Encode(chart.Caption)}\"");
        builder.Append(StripSize().Replace(open.Groups[1].Value, ""));
        builder.Append('>');
        builder.Append(withIds, open.Index + open.Length, withIds.Length - open.Index - open.Length);
        return builder.ToString().Trim();
    }

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("<svg([^>]*)>")]
    private static partial Regex SvgOpen();

    [GeneratedRegex("\\s(width|height|version)=\"[^\"]*\"")]
    private static partial Regex StripSize();
}
