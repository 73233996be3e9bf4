using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Metrics;

/// <summary>A heal being watched: when the last write made before it reached its last replica.</summary>
public sealed class HealWatch(SimTime healedAt)
{
    public SimTime HealedAt { get; } = healedAt;

    public SimTime? LastDelivery { get; internal set; }

    /// <summary>How long after the heal the backlog took to arrive everywhere (zero if nothing was held back).</summary>
    public TimeSpan DrainedAfter => LastDelivery is { } last && last > HealedAt ? last - HealedAt : TimeSpan.Zero;
}
