namespace Hospitality.Sim.World;

/// <summary>What a node is in a hotel's topology; propagation latency is reported per pair of roles.</summary>
public enum NodeRole
{
    Device,
    Greengrass,
    Cloud,
}
