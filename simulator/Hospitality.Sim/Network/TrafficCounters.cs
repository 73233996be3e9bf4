namespace Hospitality.Sim.Network;

/// <summary>
/// Byte counters of a whole network: per host, per (host, peer) pair, per channel kind and
/// direction, plus drops by reason. Counted when a packet leaves its sender and when it arrives.
/// </summary>
public sealed class TrafficCounters
{
    private static readonly int KindCount = Enum.GetValues<TrafficKind>().Length;
    private static readonly int DirectionCount = Enum.GetValues<TrafficDirection>().Length;

    private readonly List<TrafficCount[]> _hosts = [];
    private readonly Dictionary<long, TrafficCount[]> _peers = new(Kernel.MixedInt64Comparer.Instance);
    private readonly long[] _drops = new long[Enum.GetValues<DropReason>().Length];
    private readonly TrafficCount[] _total = NewSlots();

    public long Dropped(DropReason reason) => _drops[(int)reason];

    public long DroppedTotal => _drops.Sum();

    /// <summary>Everything sent or received on the network, by kind and direction.</summary>
    public TrafficCount Total(TrafficKind kind, TrafficDirection direction) => _total[Slot(kind, direction)];

    public TrafficCount Host(SimHost host, TrafficKind kind, TrafficDirection direction) =>
        HostSlots(host.Id)[Slot(kind, direction)];

    /// <summary>Traffic of <paramref name="host"/> with <paramref name="peer"/> (sent to it, or received from it).</summary>
    public TrafficCount Peer(SimHost host, SimHost peer, TrafficKind kind, TrafficDirection direction) =>
        PeerSlots(host.Id, peer.Id)[Slot(kind, direction)];

    /// <summary>All bytes a host sent to and received from one peer, on every channel, at the IP layer.</summary>
    public long PeerWireBytes(SimHost host, SimHost peer) =>
        _peers.TryGetValue(PeerKey(host.Id, peer.Id), out var slots) ? WireBytes(slots) : 0;

    /// <summary>All bytes a host sent and received on every channel, at the IP layer.</summary>
    public long HostWireBytes(SimHost host) => WireBytes(HostSlots(host.Id));

    internal void CountSent(int hostId, int peerId, TrafficKind kind, int wireBytes, int payloadBytes) =>
        Count(hostId, peerId, Slot(kind, TrafficDirection.Sent), wireBytes, payloadBytes);

    internal void CountReceived(int hostId, int peerId, TrafficKind kind, int wireBytes, int payloadBytes) =>
        Count(hostId, peerId, Slot(kind, TrafficDirection.Received), wireBytes, payloadBytes);

    internal void CountDrop(DropReason reason) => _drops[(int)reason]++;

    /// <summary>A host's counters and its counters with one peer, looked up once for a route that sends or receives many packets.</summary>
    internal PairSlots Pair(int hostId, int peerId) => new(HostSlots(hostId), PeerSlots(hostId, peerId));

    internal void CountSent(PairSlots pair, TrafficKind kind, int wireBytes, int payloadBytes) =>
        Count(pair, Slot(kind, TrafficDirection.Sent), wireBytes, payloadBytes);

    internal void CountReceived(PairSlots pair, TrafficKind kind, int wireBytes, int payloadBytes) =>
        Count(pair, Slot(kind, TrafficDirection.Received), wireBytes, payloadBytes);

    private void Count(PairSlots pair, int slot, int wireBytes, int payloadBytes)
    {
        _total[slot].Add(wireBytes, payloadBytes);
        pair.Host[slot].Add(wireBytes, payloadBytes);
        pair.Peer[slot].Add(wireBytes, payloadBytes);
    }

    private void Count(int hostId, int peerId, int slot, int wireBytes, int payloadBytes)
    {
        _total[slot].Add(wireBytes, payloadBytes);
        HostSlots(hostId)[slot].Add(wireBytes, payloadBytes);
        PeerSlots(hostId, peerId)[slot].Add(wireBytes, payloadBytes);
    }

    private TrafficCount[] HostSlots(int hostId)
    {
        while (_hosts.Count <= hostId)
        {
            _hosts.Add(NewSlots());
        }

        return _hosts[hostId];
    }

    private TrafficCount[] PeerSlots(int hostId, int peerId)
    {
        var key = PeerKey(hostId, peerId);
        if (!_peers.TryGetValue(key, out var slots))
        {
            slots = NewSlots();
            _peers.Add(key, slots);
        }

        return slots;
    }

    // A loop, not LINQ's Sum: every drawn frame asks this for each node and each of its upstreams.
    private static long WireBytes(TrafficCount[] slots)
    {
        long bytes = 0;
        foreach (var count in slots)
        {
            bytes += count.WireBytes;
        }

        return bytes;
    }

    private static long PeerKey(int hostId, int peerId) => ((long)hostId << 32) | (uint)peerId;

    private static int Slot(TrafficKind kind, TrafficDirection direction) => ((int)kind * DirectionCount) + (int)direction;

    private static TrafficCount[] NewSlots() => new TrafficCount[KindCount * DirectionCount];

    /// <summary>The slots <see cref="Pair"/> found: the host's own and those of the host with one peer.</summary>
    internal sealed record PairSlots(TrafficCount[] Host, TrafficCount[] Peer);
}
