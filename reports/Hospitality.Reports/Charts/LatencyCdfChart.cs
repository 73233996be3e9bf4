using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Hospitality.Reports.Charts;

/// <summary>
/// Propagation latency CDF, one line per path kind: x milliseconds (log), y fraction of deliveries.
/// Path kinds whose curves coincide (every point from the 10th percentile up within
/// <see cref="SameCurveTolerance"/>; the fastest few deliveries may differ), e.g. the
/// paths that all wait for a Greengrass's batch to the cloud) share one line named after all of them,
/// so no line hides another; the legend sits below the plot, off the curves.
/// </summary>
public static class LatencyCdfChart
{
    public const string Name = "latency-cdf";

    /// <summary>Relative difference under which two CDF points count as the same: a twenty-fifth of a decade on the log axis, too little to see.</summary>
    public const double SameCurveTolerance = 0.1;

    /// <summary>The fraction from which curves are compared: below it, a log axis magnifies differences no reader needs.</summary>
    public const double SameCurveFrom = 0.1;

    public static Chart? Build(IReadOnlyList<PathReport> paths)
    {
        var drawn = paths.Where(path => path.Cdf.Count > 0).ToList();
        if (drawn.Count == 0)
        {
            return null;
        }

        var model = Model("Propagation latency, CDF per path", drawn.SelectMany(path => path.Cdf).Select(point => point.Milliseconds));

        var curves = SameCurves(drawn);
        for (var index = 0; index < curves.Count; index++)
        {
            var curve = curves[index];
            var line = new StairStepSeries
            {
                Title = $"{string.Join("  =  ", curve.Select(path => ChartTheme.Label(path.Path)))}  (p99 {Units.Milliseconds(curve[0].P99)})",
                Color = ChartTheme.Colour(index),
                StrokeThickness = 2,
                VerticalStrokeThickness = 2,
            };
            foreach (var point in Decimation.Cdf(curve[0].Cdf.OrderBy(point => point.Milliseconds).ThenBy(point => point.Fraction).ToList()))
            {
                line.Points.Add(new DataPoint(Math.Max(LatencyAxis.FloorMs, point.Milliseconds), point.Fraction));
            }

            model.Series.Add(line);
        }

        return new Chart(Name, "Propagation latency: the fraction of deliveries (y) that took at most x milliseconds, per path kind; paths with the same curve share a line.", model, 880, 400 + (22 * curves.Count));
    }

    /// <summary>The paths grouped by curve, in first-seen order.</summary>
    /// <summary>An empty CDF chart: latency on a log axis, the share of deliveries up the side, the legend below.</summary>
    internal static PlotModel Model(string title, IEnumerable<double> milliseconds)
    {
        var model = ChartTheme.Model(title);
        model.Axes.Add(LatencyAxis.Create(milliseconds));
        model.Axes.Add(ChartTheme.Style(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = "fraction of deliveries",
            Minimum = 0,
            Maximum = 1,
            MajorStep = 0.1,
            LabelFormatter = Units.PercentTick,
        }));
        var legend = ChartTheme.Legend(LegendPosition.BottomLeft);
        legend.LegendOrientation = LegendOrientation.Vertical;
        model.Legends.Add(legend);
        return model;
    }

    public static IReadOnlyList<IReadOnlyList<PathReport>> SameCurves(IReadOnlyList<PathReport> paths)
    {
        var groups = new List<List<PathReport>>();
        foreach (var path in paths)
        {
            var group = groups.FirstOrDefault(each => Same(each[0].Cdf, path.Cdf));
            if (group is null)
            {
                groups.Add([path]);
            }
            else
            {
                group.Add(path);
            }
        }

        return groups;
    }

    private static bool Same(IReadOnlyList<CdfPoint> first, IReadOnlyList<CdfPoint> second) =>
        first.Count == second.Count
        && first.Zip(second).All(pair => pair.First.Fraction == pair.Second.Fraction
            && (pair.First.Fraction < SameCurveFrom || Math.Abs(pair.First.Milliseconds - pair.Second.Milliseconds) <= SameCurveTolerance * Math.Max(pair.First.Milliseconds, pair.Second.Milliseconds)));
}
