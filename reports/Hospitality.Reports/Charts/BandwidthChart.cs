using Hospitality.Reports.Model;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Hospitality.Reports.Charts;

/// <summary>Bytes per device per day, one bar per device kind, stacked by channel, in MB.</summary>
public static class BandwidthChart
{
    public const string Name = "bandwidth";

    private const double BytesPerMegabyte = 1_000_000;

    public static Chart? Build(IReadOnlyList<BandwidthReport> bandwidth)
    {
        if (bandwidth.Count == 0)
        {
            return null;
        }

        var kinds = bandwidth.Select(row => row.DeviceKind).Distinct(StringComparer.Ordinal).ToList();
        var channels = bandwidth.Select(row => row.Channel).Distinct(StringComparer.Ordinal).ToList();
        var model = ChartTheme.Model("Bandwidth per device per day, by channel");
        var categories = ChartTheme.Style(new CategoryAxis
        {
            Position = AxisPosition.Left,
            MajorGridlineStyle = LineStyle.None,
            GapWidth = 0.5,
            StartPosition = 1,
            EndPosition = 0,
        });
        categories.Labels.AddRange(kinds.Select(ChartTheme.Label));
        model.Axes.Add(categories);
        model.Axes.Add(ChartTheme.Style(new LinearAxis
        {
            Position = AxisPosition.Bottom,
            Title = "MB per device per day",
            Minimum = 0,
            MaximumPadding = 0.12,
            LabelFormatter = Formatting.Units.Tick,
        }));
        model.Legends.Add(ChartTheme.Legend(LegendPosition.RightBottom));

        for (var channelIndex = 0; channelIndex < channels.Count; channelIndex++)
        {
            var channel = channels[channelIndex];
            var bars = new BarSeries
            {
                Title = ChartTheme.Label(channel),
                IsStacked = true,
                FillColor = ChartTheme.Colour(channelIndex),
                StrokeThickness = 0,
            };
            for (var kindIndex = 0; kindIndex < kinds.Count; kindIndex++)
            {
                var bytes = bandwidth
                    .Where(row => row.DeviceKind == kinds[kindIndex] && row.Channel == channel)
                    .Sum(row => row.BytesPerDevicePerDay);
                bars.Items.Add(new BarItem(bytes / BytesPerMegabyte, kindIndex));
            }

            model.Series.Add(bars);
        }

        var height = Math.Clamp(120 + (kinds.Count * 56), 220, 720);
        return new Chart(Name, "Bytes on the wire per device per day (sent + received), by device kind, stacked by channel.", model, 880, height);
    }
}
