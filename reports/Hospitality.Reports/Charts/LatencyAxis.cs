using OxyPlot.Axes;

namespace Hospitality.Reports.Charts;

/// <summary>
/// The log-scale latency axis every latency chart shares. Its ticks are durations a reader knows
/// (10 ms, 1 s, 1 min, 1 h) rather than decades of milliseconds, whose labels ("10,000,000")
/// ran into each other on runs with outages; past eight ticks only every other one is labelled.
/// </summary>
public sealed class LatencyAxis : LogarithmicAxis
{
    /// <summary>The log axis cannot show 0 ms; values faster than this are drawn at it.</summary>
    public const double FloorMs = 0.01;

    /// <summary>More labels than this would crowd an 880-pixel chart; the rest become gridlines.</summary>
    public const int MostLabels = 8;

    private static readonly (double Milliseconds, string Label)[] Ticks =
    [
        (0.01, "0.01 ms"), (0.1, "0.1 ms"), (1, "1 ms"), (10, "10 ms"), (100, "100 ms"),
        (1_000, "1 s"), (10_000, "10 s"), (60_000, "1 min"), (600_000, "10 min"),
        (3_600_000, "1 h"), (36_000_000, "10 h"), (86_400_000, "1 d"), (604_800_000, "7 d"),
    ];

    private LatencyAxis(double minimum, double maximum)
    {
        Position = AxisPosition.Bottom;
        Title = "latency (log scale)";
        Minimum = minimum;
        Maximum = maximum;
        LabelFormatter = Label;
    }

    /// <summary>An axis from the tick at or below the fastest value to the tick at or above the slowest.</summary>
    public static LatencyAxis Create(IEnumerable<double> milliseconds)
    {
        var values = milliseconds.ToList();
        var minMs = Math.Max(FloorMs, values.Min());
        var maxMs = Math.Max(minMs * 10, values.Max());
        var minimum = Ticks.LastOrDefault(tick => tick.Milliseconds <= minMs, Ticks[0]).Milliseconds;
        // Past a week (beyond any scenario's limit) the axis keeps to whole decades.
        var maximum = Ticks.Any(tick => tick.Milliseconds >= maxMs)
            ? Ticks.First(tick => tick.Milliseconds >= maxMs).Milliseconds
            : Math.Pow(10, Math.Ceiling(Math.Log10(maxMs)));
        var axis = ChartTheme.Style(new LatencyAxis(minimum, maximum));
        // Unlabelled ticks keep a faint gridline, so a thinned axis still shows every step.
        axis.MinorGridlineStyle = OxyPlot.LineStyle.Solid;
        axis.MinorGridlineColor = ChartTheme.MinorGrid;
        return axis;
    }

    /// <summary>The ticks this axis draws, and which of them carry a label.</summary>
    public IReadOnlyList<double> LabelledTicks()
    {
        var inRange = Ticks.Select(tick => tick.Milliseconds).Where(ms => ms >= Minimum && ms <= Maximum).ToList();
        var stride = (inRange.Count + MostLabels - 1) / MostLabels;
        // Thinning counts from 1 s where the axis has it, so the second stays a labelled landmark.
        var anchor = Math.Max(0, inRange.IndexOf(1_000));
        return inRange.Where((_, index) => (index - anchor) % stride == 0).ToList();
    }

    public override void GetTickValues(out IList<double> majorLabelValues, out IList<double> majorTickValues, out IList<double> minorTickValues)
    {
        var labelled = LabelledTicks();
        majorLabelValues = labelled.ToList();
        majorTickValues = labelled.ToList();
        minorTickValues = Ticks.Select(tick => tick.Milliseconds)
            .Where(ms => ms >= Minimum && ms <= Maximum && !labelled.Contains(ms))
            .ToList();
    }

    private static string Label(double milliseconds) =>
        Ticks.FirstOrDefault(tick => Math.Abs(tick.Milliseconds - milliseconds) <= tick.Milliseconds * 1e-9).Label
        ?? Formatting.Units.Milliseconds(milliseconds);
}
