using Hospitality.Reports.Charts;
using Hospitality.Reports.Model;

namespace Hospitality.Reports.Tests.Charts;

public sealed class DecimationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static List<SeriesPoint> PerSecondForADay(int spikeAt) =>
        Enumerable.Range(0, 86_400).Select(second => new SeriesPoint(second, second == spikeAt ? 5_000 : 10 + (second % 7))).ToList();

    [Fact]
    public void A_day_sampled_every_second_is_thinned_but_keeps_its_spike_and_time_order()
    {
        var points = PerSecondForADay(spikeAt: 50_001);

        var kept = Decimation.Series(points);

        Assert.InRange(kept.Count, Decimation.PointsMax / 2, Decimation.PointsMax);
        Assert.Contains(kept, point => point.Value == 5_000);
        Assert.Equal(kept.OrderBy(point => point.Seconds).Select(point => point.Seconds), kept.Select(point => point.Seconds));
        Assert.Equal(10, kept.Min(point => point.Value));
    }

    [Fact]
    public void A_long_cdf_is_thinned_and_keeps_its_maximum()
    {
        var cdf = Enumerable.Range(1, 50_000).Select(index => new CdfPoint(index * 0.1, index / 50_000.0)).ToList();

        var kept = Decimation.Cdf(cdf);

        Assert.Equal(Decimation.PointsMax + 1, kept.Count);
        Assert.Equal(cdf[^1], kept[^1]);
        Assert.Equal(cdf[0], kept[0]);
    }

    [Fact]
    public void Short_lines_are_drawn_as_they_are()
    {
        var points = PerSecondForADay(0).Take(100).ToList();

        Assert.Same(points, Decimation.Series(points));
    }

    [Fact]
    public void A_report_of_per_second_series_stays_small_enough_to_open()
    {
        var sample = SampleRuns.GreengrassOutage();
        var run = sample with
        {
            Series = [new SeriesReport("Writes per second", "writes/s", PerSecondForADay(40_000)), new SeriesReport("Replicas behind", "replicas", PerSecondForADay(60_000))],
        };
        var directory = _temp.Sub("run");

        ReportWriter.WriteRun(run, directory);

        Assert.InRange(new FileInfo(Path.Combine(directory, "report.html")).Length, 1, 2_000_000);
    }
}
