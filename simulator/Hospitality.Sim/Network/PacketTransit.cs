using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Network;

/// <summary>
/// Moves packets hop by hop, one kernel event per hop arrival. At each hop a packet may be lost,
/// tail-dropped, duplicated or held back; otherwise it waits for the transmitter (a wired hop's FIFO,
/// or its station's turn on a Wi-Fi channel), is serialized and propagates with the profile's
/// latency, never overtaking an earlier packet of its own route. In-flight packets live in a slot
/// table indexed by the event argument, so moving a packet allocates nothing.
/// </summary>
internal sealed class PacketTransit : IKernelEvent
{
    private readonly Simulation _simulation;
    private readonly Action<Packet> _deliver;
    private readonly Func<Packet, DropReason?> _blocked;
    private readonly Action<DropReason> _drop;
    private readonly Stack<Packet> _pool = new();
    private readonly Stack<int> _freeSlots = new();
    private Packet?[] _slots = new Packet?[1024];
    private int _slotsUsed;
    private long _nextPacketId;

    public PacketTransit(Simulation simulation, Action<Packet> deliver, Func<Packet, DropReason?> blocked, Action<DropReason> drop)
    {
        _simulation = simulation;
        _deliver = deliver;
        _blocked = blocked;
        _drop = drop;
    }

    public int TraceKind => TraceKinds.PacketHop;

    public Packet Rent()
    {
        var packet = _pool.Count > 0 ? _pool.Pop() : new Packet();
        packet.Id = _nextPacketId++;
        return packet;
    }

    public void Return(Packet packet)
    {
        packet.Clear();
        _pool.Push(packet);
    }

    /// <summary>Puts a packet on the first hop of its route, now.</summary>
    public void Send(Packet packet)
    {
        packet.Hop = 0;
        Arrive(packet, _simulation.Now.Ticks);
    }

    public void Fire(long argument)
    {
        var slot = (int)argument;
        var packet = _slots[slot]!;
        _slots[slot] = null;
        _freeSlots.Push(slot);
        packet.Hop++;
        if (packet.Hop == packet.Route.Length)
        {
            if (_blocked(packet) is { } reason)
            {
                Drop(packet, reason);
                return;
            }

            _deliver(packet);
            Return(packet);
            return;
        }

        Arrive(packet, _simulation.Now.Ticks);
    }

    private void Arrive(Packet packet, long nowTicks)
    {
        var queue = packet.Route.Hops[packet.Hop];
        var profile = queue.Profile;
        if (!queue.IsUp)
        {
            Drop(packet, DropReason.LinkDown);
            return;
        }

        if (_blocked(packet) is { } reason)
        {
            Drop(packet, reason);
            return;
        }

        // Every fragment of a datagram must survive; one lost fragment loses the datagram.
        for (var fragment = 0; fragment < packet.Fragments; fragment++)
        {
            if (queue.Random.Chance(profile.LossRate))
            {
                Drop(packet, DropReason.Loss);
                return;
            }
        }

        var frameBytes = packet.WireBytes + (profile.FramingOverheadBytes * packet.Fragments);
        if (queue.BacklogBytes(nowTicks) + frameBytes > profile.QueueLimitBytes)
        {
            Drop(packet, DropReason.Congestion);
            return;
        }

        if (queue.Air is { } air)
        {
            air.Channel.Enqueue(air, packet, frameBytes, nowTicks);
            return;
        }

        var startTicks = Math.Max(nowTicks, queue.BusyUntilTicks);
        var sentTicks = startTicks + queue.SerializationTicks(frameBytes);
        queue.BusyUntilTicks = sentTicks;
        queue.Queued?.Record(startTicks - nowTicks, sentTicks - startTicks);
        Propagate(packet, sentTicks);
    }

    /// <summary>A packet has left the current hop's transmitter at <paramref name="sentTicks"/>: it crosses the hop to the next.</summary>
    public void Propagate(Packet packet, long sentTicks)
    {
        var queue = packet.Route.Hops[packet.Hop];
        var profile = queue.Profile;
        var random = queue.Random;
        var arrivalTicks = sentTicks + profile.PropagationTicks(random);
        var drawnTicks = arrivalTicks - sentTicks;
        if (random.Chance(profile.ReorderRate))
        {
            arrivalTicks += profile.ReorderDelay.Ticks;
            drawnTicks = arrivalTicks - sentTicks;
        }
        else
        {
            // A flow stays in order: jitter spreads its packets out but does not let one overtake
            // another of the same sender to the same receiver. Other flows on the hop are not held back.
            ref var last = ref packet.Route.LastArrivalTicks[packet.Hop];
            arrivalTicks = Math.Max(arrivalTicks, last);
            last = arrivalTicks;
        }

        queue.Delayed?.Record(arrivalTicks - sentTicks - drawnTicks, drawnTicks);

        if (random.Chance(profile.DuplicationRate))
        {
            var copy = Rent();
            copy.CopyFrom(packet);
            Schedule(copy, arrivalTicks + 1);
        }

        Schedule(packet, arrivalTicks);
    }

    /// <summary>A Wi-Fi transmission reached its retry limit: every frame of it is lost.</summary>
    public void LoseOnAir(Packet packet) => Drop(packet, DropReason.Loss);

    private void Schedule(Packet packet, long arrivalTicks)
    {
        int slot;
        if (_freeSlots.Count > 0)
        {
            slot = _freeSlots.Pop();
        }
        else
        {
            if (_slotsUsed == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
            }

            slot = _slotsUsed++;
        }

        _slots[slot] = packet;
        _simulation.Schedule(arrivalTicks, this, slot);
    }

    private void Drop(Packet packet, DropReason reason)
    {
        _drop(reason);
        Return(packet);
    }
}
