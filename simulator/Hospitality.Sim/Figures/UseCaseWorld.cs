using Hospitality.Sim.Metrics;

namespace Hospitality.Sim.Figures;

/// <summary>
/// What one use-case world measured: latency per path kind, how many writes, replicas that disagree
/// at the end, events, and any timings of its own (named).
/// </summary>
public sealed record UseCaseWorld(
    IReadOnlyList<PathLatency> Paths,
    long Writes,
    int Divergences,
    long Events,
    IReadOnlyDictionary<string, TimeSpan> Timings)
{
    public PathLatency Path(string kind) => Paths.Single(path => path.Path == kind);
}
