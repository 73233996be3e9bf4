using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Hospitality.Reports.Charts;

/// <summary>Propagation latency CDF, one line per path kind: x milliseconds (log), y fraction of deliveries.</summary>
public static class LatencyCdfChart
{
    public const string Name = "latency-cdf";

    /// <summary>The log axis cannot show 0 ms; deliveries faster than this are drawn at it.</summary>
    private const double FloorMs = 0.01;

    public static Chart? Build(IReadOnlyList<PathReport> paths)
    {
        var drawn = paths.Where(path => path.Cdf.Count > 0).ToList();
        if (drawn.Count == 0)
        {
            return null;
        }

        var model = ChartTheme.Model("Propagation latency, CDF per path");
        var minMs = Math.Max(FloorMs, drawn.SelectMany(path => path.Cdf).Min(point => point.Milliseconds));
        var maxMs = Math.Max(minMs * 10, drawn.SelectMany(path => path.Cdf).Max(point => point.Milliseconds));
        model.Axes.Add(ChartTheme.Style(new LogarithmicAxis
        {
            Position = AxisPosition.Bottom,
            Title = "latency (ms, log scale)",
            Minimum = Math.Pow(10, Math.Floor(Math.Log10(minMs))),
            Maximum = Math.Pow(10, Math.Ceiling(Math.Log10(maxMs))),
            LabelFormatter = Units.Tick,
            MinorGridlineStyle = LineStyle.Solid,
            MinorGridlineColor = ChartTheme.MinorGrid,
        }));
        model.Axes.Add(ChartTheme.Style(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = "fraction of deliveries",
            Minimum = 0,
            Maximum = 1,
            MajorStep = 0.1,
            LabelFormatter = Units.PercentTick,
        }));
        model.Legends.Add(ChartTheme.Legend(LegendPosition.RightBottom));

        for (var index = 0; index < drawn.Count; index++)
        {
            var path = drawn[index];
            var line = new StairStepSeries
            {
                Title = $"{ChartTheme.Label(path.Path)}  (p99 {Units.Milliseconds(path.P99)})",
                Color = ChartTheme.Colour(index),
                StrokeThickness = 2,
                VerticalStrokeThickness = 2,
            };
            foreach (var point in Decimation.Cdf(path.Cdf.OrderBy(point => point.Milliseconds).ThenBy(point => point.Fraction).ToList()))
            {
                line.Points.Add(new DataPoint(Math.Max(FloorMs, point.Milliseconds), point.Fraction));
            }

            model.Series.Add(line);
        }

        return new Chart(Name, "Propagation latency: the fraction of deliveries (y) that took at most x milliseconds, per path kind.", model, 880, 440);
    }
}
