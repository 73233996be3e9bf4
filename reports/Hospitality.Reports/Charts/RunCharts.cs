using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;

namespace Hospitality.Reports.Charts;

/// <summary>The charts of one run, each with a file name unique within the run; null where there is nothing to draw.</summary>
public sealed record RunCharts(Chart? Targets, Chart? LatencyCdf, Chart? Bandwidth, IReadOnlyList<SeriesChartEntry> Series)
{
    /// <summary>Every chart that exists, in report order.</summary>
    public IEnumerable<Chart> All =>
        new[] { Targets, LatencyCdf, Bandwidth }.Concat(Series.Select(entry => entry.Chart)).OfType<Chart>();

    public static RunCharts Build(RunReport report)
    {
        var series = new List<SeriesChartEntry>();
        var names = new ChartNames();
        for (var index = 0; index < report.Series.Count; index++)
        {
            var name = names.Claim($"series-{Slug.Of(report.Series[index].Name)}");
            series.Add(new SeriesChartEntry(report.Series[index], SeriesChart.Build(report.Series[index], name, index)));
        }

        return new RunCharts(
            TargetsChart.Build(report.Targets),
            LatencyCdfChart.Build(report.Paths.Where(path => path.Phase == PathPhase.Normal).ToList()),
            BandwidthChart.Build(report.Bandwidth),
            series);
    }
}
