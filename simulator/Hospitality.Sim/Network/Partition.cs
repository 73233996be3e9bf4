namespace Hospitality.Sim.Network;

/// <summary>An active cut between two sets of hosts, until <see cref="Heal"/> is called.</summary>
public sealed class Partition
{
    private readonly VirtualNetwork _network;
    private readonly HashSet<int> _sideA;
    private readonly HashSet<int> _sideB;

    internal Partition(VirtualNetwork network, IEnumerable<SimHost> sideA, IEnumerable<SimHost> sideB, PartitionDirection direction)
    {
        _network = network;
        _sideA = sideA.Select(host => host.Id).ToHashSet();
        _sideB = sideB.Select(host => host.Id).ToHashSet();
        Direction = direction;
    }

    public PartitionDirection Direction { get; }

    public bool IsHealed { get; private set; }

    public void Heal()
    {
        if (!IsHealed)
        {
            IsHealed = true;
            _network.Remove(this);
        }
    }

    internal bool Blocks(int fromHostId, int toHostId) =>
        (_sideA.Contains(fromHostId) && _sideB.Contains(toHostId))
        || (Direction == PartitionDirection.Both && _sideB.Contains(fromHostId) && _sideA.Contains(toHostId));
}
