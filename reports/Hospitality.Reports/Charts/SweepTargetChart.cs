using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using Hospitality.Reports.Sweeps;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Hospitality.Reports.Charts;

/// <summary>
/// A swept value against each target: for every scenario whose runs differ in a setting
/// (<c>hsim sweep --vary</c>), one chart per measured target with the varied value on x, the target's
/// median across seeds as a line, its min-max across seeds as a band, and its limit as a dashed line.
/// With several --vary, x is the first varied setting and each combination of the others is a line.
/// </summary>
public static class SweepTargetChart
{
    public static IReadOnlyList<Chart> Build(IReadOnlyList<RunReport> runs, ChartNames names)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(names);
        var charts = new List<Chart>();
        foreach (var scenario in runs.GroupBy(run => run.Scenario, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var settings = scenario.SelectMany(run => run.Settings.Select(Split)).ToList();
            var varied = settings.Select(setting => setting.Path).Distinct(StringComparer.Ordinal)
                .Where(path => settings.Where(setting => setting.Path == path).Select(setting => setting.Value).Distinct(StringComparer.Ordinal).Count() > 1)
                .ToList();
            if (varied.Count == 0)
            {
                continue;
            }

            var path = varied[0];
            var points = scenario.Where(run => run.Settings.Any(setting => Split(setting).Path == path)).ToList();
            var values = points.Select(run => run.Settings.Select(Split).First(setting => setting.Path == path).Value).Distinct(StringComparer.Ordinal).ToList();
            if (VariedValue.Of(values) is not { } scale)
            {
                continue;
            }

            var x = values.Select((value, index) => (value, index)).ToDictionary(each => each.value, each => scale.Numbers[each.index], StringComparer.Ordinal);
            var ids = points.SelectMany(run => run.Targets).Where(target => target.Measured is not null && target.Limit > 0 && double.IsFinite(target.Limit))
                .Select(target => target.Id).Distinct(StringComparer.Ordinal).ToList();
            foreach (var id in ids)
            {
                charts.Add(Chart(scenario.Key, path, scale.Unit, id, points, x, names));
            }
        }

        return charts;
    }

    private static Chart Chart(string scenario, string path, string unit, string id, IReadOnlyList<RunReport> runs, Dictionary<string, double> x, ChartNames names)
    {
        var first = runs.SelectMany(run => run.Targets).First(target => target.Id == id);
        var model = ChartTheme.Model($"{ChartTheme.Label(scenario)}: {ChartTheme.Label(id)} against {ChartTheme.Label(path)}");
        model.Axes.Add(ChartTheme.Style(new LinearAxis { Position = AxisPosition.Bottom, Title = unit.Length == 0 ? path : $"{path} ({unit})" }));
        var lines = runs.GroupBy(run => Others(run, path), StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal).ToList();
        var highest = first.Limit;
        for (var index = 0; index < lines.Count; index++)
        {
            var spreads = lines[index]
                .GroupBy(run => x[run.Settings.Select(Split).First(setting => setting.Path == path).Value])
                .Select(group => (X: group.Key, Spread: Spread.Of(group.SelectMany(run => run.Targets.Where(target => target.Id == id && target.Measured is not null)).Select(target => target.Measured!.Value))))
                .Where(point => point.Spread is not null)
                .OrderBy(point => point.X)
                .ToList();
            var colour = ChartTheme.Colour(index);
            var label = lines[index].Key.Length == 0 ? "" : $" ({lines[index].Key})";
            var band = new AreaSeries { Title = $"min-max across seeds{label}", Color = OxyColor.FromAColor(0, colour), Fill = OxyColor.FromAColor(60, colour), StrokeThickness = 0 };
            var median = new LineSeries { Title = $"median{label}", Color = colour, StrokeThickness = 2, MarkerType = MarkerType.Circle, MarkerSize = 3.5, MarkerFill = colour };
            foreach (var (at, spread) in spreads)
            {
                band.Points.Add(new DataPoint(at, spread!.Value.Max));
                band.Points2.Add(new DataPoint(at, spread.Value.Min));
                median.Points.Add(new DataPoint(at, spread.Value.Median));
                highest = Math.Max(highest, spread.Value.Max);
            }

            model.Series.Add(band);
            model.Series.Add(median);
        }

        model.Axes.Add(ChartTheme.Style(new LinearAxis { Position = AxisPosition.Left, Title = $"{id} ({first.Unit})", Minimum = 0, Maximum = highest * 1.15 }));
        model.Annotations.Add(new LineAnnotation
        {
            Type = LineAnnotationType.Horizontal,
            Y = first.Limit,
            Color = ChartTheme.Fail,
            StrokeThickness = 1.5,
            LineStyle = LineStyle.Dash,
            Text = $"limit {Units.InUnit(first.Limit, first.Unit)}",
            TextColor = ChartTheme.Fail,
        });
        model.Legends.Add(ChartTheme.Legend(LegendPosition.BottomCenter));
        return new Chart(
            names.Claim($"vary-{Slug.Of(scenario)}-{Slug.Of(id)}"),
            $"{scenario}: {id} ({first.Expected}) against {path}: the median across seeds (line), their min-max (band) and the limit (dashed).",
            model,
            880,
            420 + (22 * lines.Count))
        {
            Folder = SweepReport.ChartsFolder,
        };
    }

    private static (string Path, string Value) Split(string setting) =>
        setting.IndexOf('=', StringComparison.Ordinal) is var at and >= 0 ? (setting[..at], setting[(at + 1)..]) : (setting, "");

    private static string Others(RunReport run, string path) => string.Join(", ", run.Settings.Where(setting => Split(setting).Path != path));
}
