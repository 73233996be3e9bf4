using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.World;

/// <summary>One drawing of the world at one instant: the values, host states and traffic its components recorded.</summary>
public sealed class Frame(SimTime time, long update)
{
    public SimTime Time { get; } = time;

    /// <summary>The update it was drawn after (1-based): decimation keeps the frames whose update is a multiple of the period.</summary>
    public long Update { get; } = update;

    public List<FrameSample> Samples { get; } = [];

    public List<HostFrame> Hosts { get; } = [];

    public List<FlowFrame> Flows { get; } = [];
}
