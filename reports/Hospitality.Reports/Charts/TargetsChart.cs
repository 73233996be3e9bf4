using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Hospitality.Reports.Charts;

/// <summary>
/// Every measured target as measured ÷ limit on a log scale, so targets in different units share one
/// axis; the line at 100% is the limit, bars coloured by verdict.
/// </summary>
public static class TargetsChart
{
    public const string Name = "targets";

    public static Chart? Build(IReadOnlyList<TargetResult> targets)
    {
        var measured = targets
            .Where(target => target.Measured is { } value && value > 0 && target.Limit > 0 && double.IsFinite(value) && double.IsFinite(target.Limit))
            .ToList();
        if (measured.Count == 0)
        {
            return null;
        }

        var ratios = measured.Select(target => target.Measured!.Value / target.Limit).ToList();
        var model = ChartTheme.Model("Targets: measured as a share of the limit");
        var categories = ChartTheme.Style(new CategoryAxis
        {
            Position = AxisPosition.Left,
            MajorGridlineStyle = LineStyle.None,
            GapWidth = 0.4,
            StartPosition = 1,
            EndPosition = 0,
        });
        categories.Labels.AddRange(measured.Select(target => ChartTheme.Label(target.Id)));
        model.Axes.Add(categories);
        var low = Math.Min(0.5, ratios.Min() / 1.5);
        var high = Math.Max(1.5, ratios.Max() * 1.6);
        model.Axes.Add(ChartTheme.Style(new LogarithmicAxis
        {
            Position = AxisPosition.Bottom,
            Title = "measured ÷ limit (log scale; 100% = the limit)",
            Minimum = low,
            Maximum = high,
            LabelFormatter = Units.PercentTick,
        }));

        var bars = new BarSeries
        {
            StrokeThickness = 0,
            LabelPlacement = LabelPlacement.Outside,
            LabelFormatString = "{0:0%}",
            TextColor = ChartTheme.MutedText,
            BaseValue = low,
        };
        for (var index = 0; index < measured.Count; index++)
        {
            var colour = measured[index].Verdict switch
            {
                TargetVerdict.Fail or TargetVerdict.UnexpectedPass => ChartTheme.Fail,
                TargetVerdict.ExpectedFail => ChartTheme.Expected,
                _ => ChartTheme.Pass,
            };
            bars.Items.Add(new BarItem(ratios[index], index) { Color = colour });
        }

        model.Series.Add(bars);
        model.Annotations.Add(LimitLine());

        var height = Math.Clamp(110 + (measured.Count * 30), 200, 1_200);
        return new Chart(Name, "Each measured target as a share of its limit (log scale). Green passes, amber fails as the scenario expects, red fails the run; targets not measured are left out.", model, 880, height);
    }

    /// <summary>The dashed vertical line at 100 % of a target's limit.</summary>
    internal static LineAnnotation LimitLine() => new()
    {
        Type = LineAnnotationType.Vertical,
        X = 1,
        Color = ChartTheme.Text,
        StrokeThickness = 1.5,
        LineStyle = LineStyle.Dash,
        Layer = AnnotationLayer.BelowSeries,
    };
}
