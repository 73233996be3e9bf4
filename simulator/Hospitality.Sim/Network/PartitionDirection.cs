namespace Hospitality.Sim.Network;

public enum PartitionDirection
{
    /// <summary>Neither side hears the other.</summary>
    Both,

    /// <summary>Packets from side A to side B are dropped; B still reaches A (a one-way fault).</summary>
    AToB,
}
