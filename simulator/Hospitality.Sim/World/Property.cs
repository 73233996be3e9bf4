using Hospitality.Sim.Network;
using Hospitality.Sync.Replication;

namespace Hospitality.Sim.World;

/// <summary>One hotel of the chain: its building's network, its Greengrass if it has one, and its tablets.</summary>
public sealed class Property(int number, Segment building, GreengrassNode? greengrassNode)
{
    public int Number { get; } = number;

    public Segment Building { get; } = building;

    public GreengrassNode? GreengrassNode { get; } = greengrassNode;

    public SimHost GreengrassHost => Edge.Host;

    /// <summary>The Greengrass's current replica.</summary>
    public Replica Greengrass => Edge.Replica;

    public List<Tablet> Tablets { get; } = [];

    /// <summary>Whether its tablets on the building replicate with each other over WebRTC too.</summary>
    public bool P2P { get; init; }

    private GreengrassNode Edge => GreengrassNode ?? throw new InvalidOperationException($"Property {Number} has no Greengrass.");
}
