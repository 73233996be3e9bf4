using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using OxyPlot;
using OxyPlot.Annotations;
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
        var startUp = StartUpPeak(series.Points);
        var valueAxis = ChartTheme.Style(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = ChartTheme.Label(series.Unit),
            LabelFormatter = Units.Tick,
            Minimum = minValue >= 0 ? 0 : double.NaN,
            MaximumPadding = 0.08,
        });
        if (startUp is { } peak)
        {
            // The start-up burst (every device's initial sync) would flatten the rest of the day: the axis
            // keeps the day visible and the burst is named at the top instead of drawn off the scale.
            valueAxis.Maximum = series.Points.Where(point => point.Seconds > peak.Seconds).Max(point => point.Value) * 1.25;
            model.Annotations.Add(new TextAnnotation
            {
                Text = $"start-up: {Units.Number(peak.Value)} {ChartTheme.Label(series.Unit)} at {Units.Clock(peak.Seconds)} (off the scale)",
                TextPosition = new DataPoint(lastSeconds / scale * 0.02, valueAxis.Maximum * 0.97),
                TextHorizontalAlignment = HorizontalAlignment.Left,
                TextVerticalAlignment = VerticalAlignment.Top,
                TextColor = ChartTheme.MutedText,
                Stroke = OxyColors.Transparent,
                Background = OxyColor.FromAColor(220, OxyColors.White),
            });
        }

        model.Axes.Add(valueAxis);

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
        if (startUp is { } burst)
        {
            caption += $" The start-up peak ({Units.Number(burst.Value)} {ChartTheme.Label(series.Unit)}) is above the axis, which is scaled to the rest of the run.";
        }

        return new Chart(fileName, caption, model, 880, 300);
    }

    /// <summary>
    /// The peak of a start-up burst: the highest point in the first <see cref="StartUpShare"/> of the run
    /// when it is more than <see cref="StartUpFactor"/> times everything after it; null when there is none.
    /// </summary>
    public static SeriesPoint? StartUpPeak(IReadOnlyList<SeriesPoint> points)
    {
        if (points.Count < 10)
        {
            return null;
        }

        var end = points.Max(point => point.Seconds) * StartUpShare;
        var early = points.Where(point => point.Seconds <= end).MaxBy(point => point.Value);
        var later = points.Where(point => point.Seconds > (early?.Seconds ?? end)).Select(point => point.Value).DefaultIfEmpty(0).Max();
        return early is not null && later > 0 && early.Value > StartUpFactor * later ? early : null;
    }

    /// <summary>How much of the run counts as start-up.</summary>
    public const double StartUpShare = 0.05;

    /// <summary>How far above the rest of the run a start-up peak must be to be taken off the scale.</summary>
    public const double StartUpFactor = 3;
}
