using System.Globalization;
using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Servers;

/// <summary>
/// A node's disk as its commits see it: how long an fsync takes, given as quantiles measured on a
/// real disk (at least the minimum and the maximum) and drawn by inverting them piecewise linearly.
/// Only arithmetic, so a draw is bit-identical on every machine (unlike a lognormal's Math.Exp).
/// </summary>
public sealed class DiskProfile
{
    /// <summary>The longest fsync a profile may give: far beyond any disk that still works.</summary>
    public static readonly TimeSpan FsyncMax = TimeSpan.FromSeconds(10);

    /// <summary>The quantiles between the minimum and the maximum a scenario may give (p50 and p99 required).</summary>
    public static readonly IReadOnlyList<double> TailQuantiles = [0.5, 0.9, 0.95, 0.99, 0.995, 0.998, 0.999];

    private readonly double[] _quantiles;
    private readonly long[] _ticks;

    /// <param name="points">(quantile, fsync time) from quantile 0 (the fastest) to 1 (the slowest), quantiles rising, times never falling.</param>
    /// <exception cref="ArgumentException">The points do not describe a distribution.</exception>
    public DiskProfile(IReadOnlyList<(double Quantile, TimeSpan Fsync)> points)
    {
        if (points.Count < 2 || points[0].Quantile != 0 || points[^1].Quantile != 1)
        {
            throw new ArgumentException("a disk's fsync times run from quantile 0 (the fastest) to quantile 1 (the slowest)", nameof(points));
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Fsync < TimeSpan.Zero || points[i].Fsync > FsyncMax
                || (i > 0 && (points[i].Quantile <= points[i - 1].Quantile || points[i].Fsync < points[i - 1].Fsync)))
            {
                throw new ArgumentException($"a disk's fsync times rise with their quantile and lie within 0-{FsyncMax.TotalSeconds:0} s", nameof(points));
            }
        }

        Points = points;
        _quantiles = [.. points.Select(point => point.Quantile)];
        _ticks = [.. points.Select(point => point.Fsync.Ticks)];
    }

    public IReadOnlyList<(double Quantile, TimeSpan Fsync)> Points { get; }

    public TimeSpan Median => At(0.5);

    /// <summary>The quantiles in words, as a report shows them: "min 0.2, p50 0.4, p99 16, max 60 ms".</summary>
    public override string ToString() =>
        string.Join(", ", Points.Select(point => string.Create(CultureInfo.InvariantCulture, $"{KeyOf(point.Quantile)} {point.Fsync.TotalMilliseconds:0.###}"))) + " ms";

    /// <summary>A quantile's name as scenarios and reports write it: min, p50, p99.9, max.</summary>
    public static string KeyOf(double quantile) => quantile switch
    {
        0 => "min",
        1 => "max",
        _ => string.Create(CultureInfo.InvariantCulture, $"p{quantile * 100:0.#}"),
    };

    /// <summary>One fsync's time, drawn from <paramref name="random"/>.</summary>
    public TimeSpan Fsync(SimRandom random) => At(random.NextDouble());

    /// <summary>The fsync time at quantile <paramref name="quantile"/> (0 to 1).</summary>
    public TimeSpan At(double quantile)
    {
        var i = 1;
        while (i < _quantiles.Length - 1 && quantile > _quantiles[i])
        {
            i++;
        }

        var share = (quantile - _quantiles[i - 1]) / (_quantiles[i] - _quantiles[i - 1]);
        return TimeSpan.FromTicks(_ticks[i - 1] + (long)((_ticks[i] - _ticks[i - 1]) * Math.Clamp(share, 0, 1)));
    }
}
