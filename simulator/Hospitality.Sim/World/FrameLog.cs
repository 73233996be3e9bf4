using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.World;

/// <summary>The frames a run drew: time series for charts and the replay view.</summary>
public sealed class FrameLog(Simulation simulation)
{
    private readonly List<FrameSample> _samples = [];

    public IReadOnlyList<FrameSample> Samples => _samples;

    /// <summary>How many times the game drew.</summary>
    public int Frames { get; internal set; }

    public void Record(string series, double value) => _samples.Add(new FrameSample(simulation.Now, series, value));

    public IEnumerable<FrameSample> Series(string series) => _samples.Where(sample => sample.Series == series);
}
