using Hospitality.Reports.Formatting;
using OxyPlot;
using OxyPlot.Axes;

namespace Hospitality.Reports.Charts;

/// <summary>The log-scale milliseconds axis every latency chart shares, spanning whole decades.</summary>
public static class LatencyAxis
{
    /// <summary>The log axis cannot show 0 ms; values faster than this are drawn at it.</summary>
    public const double FloorMs = 0.01;

    public static LogarithmicAxis Create(IEnumerable<double> milliseconds)
    {
        var values = milliseconds.ToList();
        var minMs = Math.Max(FloorMs, values.Min());
        var maxMs = Math.Max(minMs * 10, values.Max());
        return ChartTheme.Style(new LogarithmicAxis
        {
            Position = AxisPosition.Bottom,
            Title = "latency (ms, log scale)",
            Minimum = Math.Pow(10, Math.Floor(Math.Log10(minMs))),
            Maximum = Math.Pow(10, Math.Ceiling(Math.Log10(maxMs))),
            LabelFormatter = Units.Tick,
            MinorGridlineStyle = LineStyle.Solid,
            MinorGridlineColor = ChartTheme.MinorGrid,
        });
    }
}
