using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.World;

/// <summary>One drawing of the world at one instant: the values, host states and traffic its components recorded.</summary>
/// <remarks>Sized like the frame before it (<paramref name="hosts"/>, <paramref name="flows"/>): a resort's frame holds a thousand flows.</remarks>
public sealed class Frame(SimTime time, long update, int hosts = 0, int flows = 0)
{
    public SimTime Time { get; } = time;

    /// <summary>The update it was drawn after (1-based): decimation keeps the frames whose update is a multiple of the period.</summary>
    public long Update { get; } = update;

    public List<FrameSample> Samples { get; } = [];

    public List<HostFrame> Hosts { get; } = new(hosts);

    public List<FlowFrame> Flows { get; } = new(flows);
}
