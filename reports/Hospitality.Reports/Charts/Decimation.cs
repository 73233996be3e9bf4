using Hospitality.Reports.Model;

namespace Hospitality.Reports.Charts;

/// <summary>
/// Thins long lines before drawing, so a 24-hour run sampled every second does not put 86,400 points per
/// series into the HTML. Keeps the shape: a series keeps each bucket's lowest and highest point (spikes
/// survive), a CDF keeps evenly spaced points plus its last one (the max).
/// </summary>
public static class Decimation
{
    /// <summary>Most points drawn per line; far more than the ~900 pixels a chart is wide.</summary>
    public const int PointsMax = 2_000;

    public static IReadOnlyList<SeriesPoint> Series(IReadOnlyList<SeriesPoint> points)
    {
        if (points.Count <= PointsMax)
        {
            return points;
        }

        var kept = new List<SeriesPoint>(PointsMax);
        var buckets = PointsMax / 2;
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var start = (int)((long)bucket * points.Count / buckets);
            var end = (int)((long)(bucket + 1) * points.Count / buckets);
            var low = start;
            var high = start;
            for (var index = start; index < end; index++)
            {
                if (points[index].Value < points[low].Value)
                {
                    low = index;
                }

                if (points[index].Value > points[high].Value)
                {
                    high = index;
                }
            }

            kept.Add(points[Math.Min(low, high)]);
            if (low != high)
            {
                kept.Add(points[Math.Max(low, high)]);
            }
        }

        return kept;
    }

    public static IReadOnlyList<CdfPoint> Cdf(IReadOnlyList<CdfPoint> points)
    {
        if (points.Count <= PointsMax)
        {
            return points;
        }

        var kept = new List<CdfPoint>(PointsMax + 1);
        for (var step = 0; step < PointsMax; step++)
        {
            kept.Add(points[(int)((long)step * points.Count / PointsMax)]);
        }

        kept.Add(points[^1]);
        return kept;
    }
}
