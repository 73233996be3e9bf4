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


    public static Chart? Build(IReadOnlyList<PathReport> paths)
    {
        var drawn = paths.Where(path => path.Cdf.Count > 0).ToList();
        if (drawn.Count == 0)
        {
            return null;
        }

        var model = ChartTheme.Model("Propagation latency, CDF per path");
        model.Axes.Add(LatencyAxis.Create(drawn.SelectMany(path => path.Cdf).Select(point => point.Milliseconds)));
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
                line.Points.Add(new DataPoint(Math.Max(LatencyAxis.FloorMs, point.Milliseconds), point.Fraction));
            }

            model.Series.Add(line);
        }

        return new Chart(Name, "Propagation latency: the fraction of deliveries (y) that took at most x milliseconds, per path kind.", model, 880, 440);
    }
}
