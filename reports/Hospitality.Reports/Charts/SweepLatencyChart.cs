using Hospitality.Reports.Formatting;
using Hospitality.Reports.Sweeps;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Hospitality.Reports.Charts;

/// <summary>
/// One scenario's latency across seeds: per path, a bar from the smallest to the largest p50 and p99 over
/// the seeds, with a diamond at the median; x milliseconds on a log scale.
/// </summary>
public static class SweepLatencyChart
{

    /// <summary>How far above and below a path's row its p50 and p99 bars sit.</summary>
    private const double RowOffset = 0.17;

    public static Chart? Build(ScenarioSweep scenario, ChartNames names)
    {
        var paths = scenario.Paths.Where(path => path.P50 is not null || path.P99 is not null).ToList();
        if (paths.Count == 0)
        {
            return null;
        }

        var model = ChartTheme.Model($"{ChartTheme.Label(scenario.Scenario)}: latency across {scenario.Runs} {(scenario.Runs == 1 ? "seed" : "seeds")}");
        var values = paths.SelectMany(path => new[] { path.P50, path.P99 }).OfType<Spread>().SelectMany(spread => new[] { spread.Min, spread.Max }).ToList();
        model.Axes.Add(LatencyAxis.Create(values));
        var labels = paths.Select(path => ChartTheme.Label(path.Path)).ToList();
        model.Axes.Add(ChartTheme.Style(new LinearAxis
        {
            Position = AxisPosition.Left,
            Minimum = -0.6,
            Maximum = paths.Count - 0.4,
            MajorStep = 1,
            MinorStep = 1,
            StartPosition = 1,
            EndPosition = 0,
            MajorGridlineStyle = LineStyle.None,
            TickStyle = TickStyle.None,
            LabelFormatter = value =>
            {
                var index = (int)Math.Round(value);
                return Math.Abs(value - index) < 1e-6 && index >= 0 && index < labels.Count ? labels[index] : "";
            },
        }));
        model.Legends.Add(ChartTheme.Legend(LegendPosition.TopRight));

        AddPercentile(model, paths, path => path.P50, -RowOffset, "p50", ChartTheme.Colour(0));
        AddPercentile(model, paths, path => path.P99, RowOffset, "p99", ChartTheme.Colour(1));
        var medians = new ScatterSeries
        {
            Title = "median",
            MarkerType = MarkerType.Diamond,
            MarkerSize = 6,
            MarkerFill = OxyColors.White,
            MarkerStroke = ChartTheme.Text,
            MarkerStrokeThickness = 1.5,
        };
        for (var index = 0; index < paths.Count; index++)
        {
            if (paths[index].P50 is { } p50)
            {
                medians.Points.Add(new ScatterPoint(Math.Max(LatencyAxis.FloorMs, p50.Median), index - RowOffset));
            }

            if (paths[index].P99 is { } p99)
            {
                medians.Points.Add(new ScatterPoint(Math.Max(LatencyAxis.FloorMs, p99.Median), index + RowOffset));
            }
        }

        model.Series.Add(medians);
        var height = Math.Clamp(120 + (paths.Count * 60), 220, 900);
        return new Chart(
            names.Claim($"{Slug.Of(scenario.Scenario)}-latency"),
            "p50 and p99 propagation latency per path across seeds: each bar runs from the smallest to the largest seed, the diamond is the median.",
            model,
            880,
            height)
        {
            Folder = SweepReport.ChartsFolder,
        };
    }

    private static void AddPercentile(PlotModel model, IReadOnlyList<PathSpread> paths, Func<PathSpread, Spread?> percentile, double offset, string title, OxyColor colour)
    {
        var bars = new LineSeries
        {
            Title = title,
            Color = colour,
            StrokeThickness = 10,
            LineJoin = LineJoin.Bevel,
        };
        for (var index = 0; index < paths.Count; index++)
        {
            if (percentile(paths[index]) is not { } spread)
            {
                continue;
            }

            var start = Math.Max(LatencyAxis.FloorMs, spread.Min);

            // A bar of zero length would vanish: give a single seed (or identical seeds) a sliver.
            var end = Math.Max(start * 1.04, spread.Max);
            bars.Points.Add(new DataPoint(start, index + offset));
            bars.Points.Add(new DataPoint(end, index + offset));
            bars.Points.Add(DataPoint.Undefined);
        }

        model.Series.Add(bars);
    }
}
