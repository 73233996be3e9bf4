using System.Text;
using Hospitality.Reports.Charts;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Hospitality.Reports.Comparisons;

/// <summary>
/// The charts of a comparison, both sides on one chart: the latency CDF of every normal path (before
/// solid, after dashed, one colour per path) and every target's median as a share of its limit
/// (before and after as two bars, the limit as a line at 100%). PNGs in <see cref="Folder"/> beside the Markdown.
/// </summary>
public static class ComparisonCharts
{
    public const string Folder = "compare-charts";

    /// <summary>Renders the charts to PNG under <paramref name="directory"/>/<see cref="Folder"/> and returns Markdown image lines for them.</summary>
    public static string Write(RunComparison comparison, IReadOnlyList<RunReport> before, IReadOnlyList<RunReport> after, string directory, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(comparison);
        Directory.CreateDirectory(Path.Combine(directory, Folder));
        var md = new StringBuilder();
        foreach (var chart in new[] { LatencyCdf(before, after), Targets(before, after) }.OfType<Chart>())
        {
            var named = chart with { Name = prefix + chart.Name, Folder = Folder };
            AtomicFile.WriteAllBytes(Path.Combine(directory, Folder, named.Name + ".png"), ChartRenderer.ToPng(named));
            md.Append("![").Append(named.Caption).Append("](").Append(named.PngRelativePath).Append(")\n\n");
        }

        return md.ToString();
    }

    /// <summary>Each normal path's CDF from each side's first run (lowest seed): before solid, after dashed, one colour per path.</summary>
    public static Chart? LatencyCdf(IReadOnlyList<RunReport> before, IReadOnlyList<RunReport> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var sides = new[] { ("before", First(before)), ("after", First(after)) };
        var curves = sides.SelectMany(side => side.Item2.Paths.Where(path => path.Phase == PathPhase.Normal && path.Cdf.Count > 0).Select(path => (Side: side.Item1, Seed: side.Item2.Seed, Path: path))).ToList();
        if (curves.Count == 0)
        {
            return null;
        }

        var names = curves.Select(curve => curve.Path.Path).Distinct(StringComparer.Ordinal).ToList();
        var model = LatencyCdfChart.Model("Propagation latency, CDF per path: before (solid) and after (dashed)", curves.SelectMany(curve => curve.Path.Cdf).Select(point => point.Milliseconds));
        foreach (var (side, seed, path) in curves)
        {
            var line = new StairStepSeries
            {
                Title = $"{(side == "before" ? "before, solid" : "after, dashed")} (seed {seed}): {ChartTheme.Label(path.Path)}  (p99 {Units.Milliseconds(path.P99)})",
                Color = ChartTheme.Colour(names.IndexOf(path.Path)),
                StrokeThickness = 2,
                VerticalStrokeThickness = 2,
                LineStyle = side == "before" ? LineStyle.Solid : LineStyle.Dash,
                VerticalLineStyle = side == "before" ? LineStyle.Solid : LineStyle.Dash,
            };
            foreach (var point in Decimation.Cdf(path.Cdf.OrderBy(point => point.Milliseconds).ThenBy(point => point.Fraction).ToList()))
            {
                line.Points.Add(new DataPoint(Math.Max(LatencyAxis.FloorMs, point.Milliseconds), point.Fraction));
            }

            model.Series.Add(line);
        }

        return new Chart("latency-cdf", "Propagation latency before (solid) and after (dashed): the fraction of deliveries (y) that took at most x milliseconds, per path, from each side's lowest seed.", model, 880, 400 + (22 * curves.Count));
    }

    /// <summary>Every target measured on either side: its median across runs as a share of its limit, before and after as two bars.</summary>
    public static Chart? Targets(IReadOnlyList<RunReport> before, IReadOnlyList<RunReport> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var all = before.Concat(after).SelectMany(run => run.Targets).Where(target => target.Limit > 0 && double.IsFinite(target.Limit)).ToList();
        var ids = all.Where(target => target.Measured is > 0).Select(target => target.Id).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        var limits = ids.ToDictionary(id => id, id => all.First(target => target.Id == id).Limit, StringComparer.Ordinal);
        double? Ratio(IReadOnlyList<RunReport> runs, string id) =>
            Sweeps.Spread.Of(runs.SelectMany(run => run.Targets.Where(target => target.Id == id && target.Measured is not null)).Select(target => target.Measured!.Value)) is { Median: > 0 } spread
                ? spread.Median / limits[id]
                : null;

        var ratios = ids.SelectMany(id => new[] { Ratio(before, id), Ratio(after, id) }).OfType<double>().ToList();
        var low = Math.Min(0.5, ratios.Min() / 1.5);
        var high = Math.Max(1.5, ratios.Max() * 1.6);
        var model = ChartTheme.Model("Targets: median as a share of the limit, before and after");
        var categories = ChartTheme.Style(new CategoryAxis
        {
            Position = AxisPosition.Left,
            MajorGridlineStyle = LineStyle.None,
            GapWidth = 0.4,
            StartPosition = 1,
            EndPosition = 0,
        });
        categories.Labels.AddRange(ids.Select(ChartTheme.Label));
        model.Axes.Add(categories);
        model.Axes.Add(ChartTheme.Style(new LogarithmicAxis
        {
            Position = AxisPosition.Bottom,
            Title = "median ÷ limit (log scale; 100% = the limit)",
            Minimum = low,
            Maximum = high,
            LabelFormatter = Units.PercentTick,
        }));
        model.Legends.Add(ChartTheme.Legend(LegendPosition.BottomCenter));
        foreach (var (side, runs, colour) in new[] { ("before", before, ChartTheme.Colour(0)), ("after", after, ChartTheme.Colour(1)) })
        {
            var bars = new BarSeries { Title = side, FillColor = colour, StrokeThickness = 0, LabelPlacement = LabelPlacement.Outside, LabelFormatString = "{0:0%}", TextColor = ChartTheme.MutedText, BaseValue = low };
            for (var index = 0; index < ids.Count; index++)
            {
                if (Ratio(runs, ids[index]) is { } ratio)
                {
                    bars.Items.Add(new BarItem(ratio, index));
                }
            }

            model.Series.Add(bars);
        }

        model.Annotations.Add(TargetsChart.LimitLine());
        var height = Math.Clamp(150 + (ids.Count * 48), 240, 1_600);
        return new Chart("targets", "Each target's median across seeds as a share of its limit (log scale), before and after; the dashed line is the limit.", model, 880, height);
    }

    private static RunReport First(IReadOnlyList<RunReport> runs) => runs.OrderBy(run => run.Seed).ThenBy(run => run.TraceHash, StringComparer.Ordinal).First();
}
