namespace Hospitality.Sim.Calibration;

/// <summary>Round-trip times of a probe stream, and how many probes went out.</summary>
internal sealed class RoundTrips
{
    private readonly List<double> _milliseconds = [];

    public int Sent { get; set; }

    public int Received => _milliseconds.Count;

    /// <summary>The share of probes whose answer never came back.</summary>
    public double LossRate => Sent == 0 ? 0 : 1 - ((double)Received / Sent);

    public void Add(TimeSpan roundTrip) => _milliseconds.Add(roundTrip.TotalMilliseconds);

    /// <summary>The nearest-rank percentile in milliseconds (NaN with no samples).</summary>
    public double Percentile(double percent)
    {
        if (_milliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
