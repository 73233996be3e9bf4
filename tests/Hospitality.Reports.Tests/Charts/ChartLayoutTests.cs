using Hospitality.Reports.Charts;
using Hospitality.Reports.Model;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;

namespace Hospitality.Reports.Tests.Charts;

public sealed class ChartLayoutTests
{
    private static List<SeriesPoint> ADayOfTraffic(double startUp) =>
        Enumerable.Range(0, 240).Select(i => new SeriesPoint((i + 1) * 360.0, i == 0 ? startUp : 1 + (i % 5) * 0.5)).ToList();

    private static PathReport Path(string name, double scale) =>
        new(name, 100, 10 * scale, 20 * scale, 30 * scale, 31 * scale, 32 * scale,
            [new CdfPoint(1 * scale, 0.01), new CdfPoint(5 * scale, 0.1), new CdfPoint(10 * scale, 0.5), new CdfPoint(30 * scale, 0.99), new CdfPoint(32 * scale, 1)]);

    [Fact]
    public void A_start_up_burst_is_named_and_the_axis_keeps_the_rest_of_the_day_visible()
    {
        var chart = SeriesChart.Build(new SeriesReport("wire traffic, all hosts", "MB/min", ADayOfTraffic(startUp: 85)), "wire", 0)!;

        var valueAxis = chart.Model.Axes.Single(axis => axis.Position == AxisPosition.Left);
        Assert.Equal(3 * 1.25, valueAxis.Maximum, 6);
        Assert.Contains("start-up peak (85.0 MB/min)", chart.Caption, StringComparison.Ordinal);
        Assert.Single(chart.Model.Annotations);
    }

    [Fact]
    public void A_series_without_a_start_up_burst_keeps_its_automatic_axis()
    {
        var chart = SeriesChart.Build(new SeriesReport("wire traffic, all hosts", "MB/min", ADayOfTraffic(startUp: 2.5)), "wire", 0)!;

        Assert.True(double.IsNaN(chart.Model.Axes.Single(axis => axis.Position == AxisPosition.Left).Maximum));
        Assert.Empty(chart.Model.Annotations);
    }

    [Fact]
    public void Paths_with_the_same_curve_share_one_line_and_the_legend_sits_outside_the_plot()
    {
        var paths = new[] { Path("device→cloud", 1000), Path("device→device", 1), Path("device→device, other property", 1020) };

        var chart = LatencyCdfChart.Build(paths)!;

        Assert.Equal(2, chart.Model.Series.Count);
        Assert.Equal("device→cloud  =  device→device, other property  (p99 30.0 s)", chart.Model.Series[0].Title);
        Assert.All(chart.Model.Legends, legend => Assert.Equal(LegendPlacement.Outside, legend.LegendPlacement));
    }

    [Fact]
    public void Axis_titles_keep_their_distance_from_the_tick_labels()
    {
        var chart = SeriesChart.Build(new SeriesReport("writes per minute", "writes/min", ADayOfTraffic(startUp: 2)), "writes", 0)!;

        Assert.All(chart.Model.Axes, axis => Assert.True(axis.AxisTitleDistance >= 10, $"{axis.Title}: {axis.AxisTitleDistance}"));
    }

    [Fact]
    public void A_latency_axis_spanning_a_week_labels_at_most_eight_short_durations()
    {
        var axis = LatencyAxis.Create([0.05, 7 * 24 * 3_600_000.0]);

        var labels = axis.LabelledTicks().Select(axis.LabelFormatter).ToList();

        Assert.InRange(labels.Count, 4, LatencyAxis.MostLabels);
        Assert.All(labels, label => Assert.True(label.Length <= 7, label));
        Assert.Contains("1 s", labels);
    }

    [Fact]
    public void A_latency_axis_under_a_second_labels_every_decade_in_milliseconds()
    {
        var axis = LatencyAxis.Create([0.3, 45]);

        Assert.Equal(["0.1 ms", "1 ms", "10 ms", "100 ms"], axis.LabelledTicks().Select(axis.LabelFormatter));
    }

    [Fact]
    public void An_outage_of_twenty_minutes_ends_the_axis_at_the_next_familiar_duration()
    {
        var axis = LatencyAxis.Create([2, 20 * 60_000.0]);

        Assert.Equal(1, axis.Minimum);
        Assert.Equal(3_600_000, axis.Maximum);
    }
}
