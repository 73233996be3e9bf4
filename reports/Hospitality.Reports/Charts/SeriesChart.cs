using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Hospitality.Reports.Charts;

/// <summary>One time series of the run: x virtual time, y the value in its unit.</summary>
public static class SeriesChart
{
    public static Chart? Build(SeriesReport series, string fileName, int colourIndex)
    {
        if (series.Points.Count == 0)
        {
            return null;
        }

        var model = ChartTheme.Model(ChartTheme.Label(series.Name));
        var lastSeconds = series.Points.Max(point => point.Seconds);
        var (scale, timeUnit) = lastSeconds switch
        {
            >= 3 * 3_600 => (3_600.0, "h"),
            >= 3 * 60 => (60.0, "min"),
            _ => (1.0, "s"),
        };
        model.Axes.Add(ChartTheme.Style(new LinearAxis
        {
            Position = AxisPosition.Bottom,
            Title = $"virtual time ({timeUnit})",
            LabelFormatter = Units.Tick,
            MinimumPadding = 0,
            MaximumPadding = 0.02,
        }));
        var minValue = series.Points.Min(point => point.Value);
        model.Axes.Add(ChartTheme.Style(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = ChartTheme.Label(series.Unit),
            LabelFormatter = Units.Tick,
            Minimum = minValue >= 0 ? 0 : double.NaN,
            MaximumPadding = 0.08,
        }));

        var colour = ChartTheme.Colour(colourIndex);
        var area = new AreaSeries
        {
            Color = colour,
            Fill = OxyColor.FromAColor(40, colour),
            StrokeThickness = 2,
            Color2 = OxyColors.Transparent,
            ConstantY2 = minValue >= 0 ? 0 : minValue,
        };
        foreach (var point in Decimation.Series(series.Points.OrderBy(point => point.Seconds).ToList()))
        {
            area.Points.Add(new DataPoint(point.Seconds / scale, point.Value));
        }

        model.Series.Add(area);
        var name = ChartTheme.Label(series.Name);
        var caption = string.IsNullOrEmpty(series.Unit) ? $"{name} over virtual time." : $"{name} ({ChartTheme.Label(series.Unit)}) over virtual time.";
        return new Chart(fileName, caption, model, 880, 300);
    }
}
