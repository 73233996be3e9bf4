using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Network.Wifi;

/// <summary>
/// One 802.11 channel: the air that a segment's Wi-Fi stations and its access point share. Each
/// station has its own queue each way; whenever the air is free one contender wins it: a station
/// with frames, drawn with equal chance (DCF's equal long-term access), or the access point, which
/// serves its per-station queues sparse-first, then by airtime deficit round robin (mac80211's
/// airtime fairness). A transmission opportunity costs the contention Bianchi's model gives for the
/// number of contenders, carries up to one aggregate of frames, and retries at falling rates until it
/// succeeds or reaches the retry limit: retries are where the tail of the air comes from.
/// </summary>
internal sealed class WifiChannel : IKernelEvent
{
    private readonly Simulation _simulation;
    private readonly SimRandom _random;
    private readonly PacketTransit _transit;
    private readonly Contention _contention;
    private readonly List<AirQueue> _stations = [];
    private readonly Queue<AirQueue> _newAtAccessPoint = new();
    private readonly Queue<AirQueue> _oldAtAccessPoint = new();
    private readonly List<Packet> _aggregate = [];
    private readonly List<long> _aggregateQueuedTicks = [];
    private bool _serviceScheduled;

    /// <summary>Collisions charged to one opportunity at most, so a channel of thousands of stations still moves.</summary>
    private const int MaxCollisions = 64;

    public WifiChannel(string name, LinkProfile profile, Simulation simulation, SimRandom random, PacketTransit transit)
    {
        Invariant.Holds(profile.Wifi is not null, "a Wi-Fi channel has MAC parameters");
        Name = name;
        Profile = profile;
        Mac = profile.Wifi!;
        _simulation = simulation;
        _random = random;
        _transit = transit;
        _contention = new Contention(Mac.ContentionWindowMin, Mac.ContentionWindowMax);
    }

    public string Name { get; }

    public LinkProfile Profile { get; }

    public WifiMac Mac { get; }

    /// <summary>Stations associated now.</summary>
    public int Stations { get; private set; }

    /// <summary>When the transmission on the air now ends.</summary>
    public long BusyUntilTicks { get; private set; }

    public AirStats Stats { get; } = new();

    public int TraceKind => TraceKinds.Airtime;

    /// <summary>A station joins the channel: its own queue towards the access point and the access point's towards it.</summary>
    public (LinkQueue Up, LinkQueue Down) Associate(string station, LinkProfile access, SimRandom upRandom, SimRandom downRandom)
    {
        Stations++;
        return (new LinkQueue($"{station}/air/up", access, access.UpBitsPerSecond, upRandom, new AirQueue(this, atAccessPoint: false, access.UpBitsPerSecond)),
            new LinkQueue($"{station}/air/down", access, access.DownBitsPerSecond, downRandom, new AirQueue(this, atAccessPoint: true, access.DownBitsPerSecond)));
    }

    /// <summary>A station left (moved, roamed away). Frames it had queued still go out, and are dropped where they arrive.</summary>
    public void Disassociate()
    {
        Invariant.Holds(Stations > 0, "only an associated station leaves");
        Stations--;
    }

    /// <summary>Queues a frame that survived the hop's loss and queue checks; it goes on the air when its queue wins.</summary>
    public void Enqueue(AirQueue queue, Packet packet, int frameBytes, long nowTicks)
    {
        Invariant.Holds(queue.Channel == this, "a station queues only on its own channel");
        queue.Enqueue(packet, frameBytes, nowTicks);
        if (queue.Count == 1)
        {
            Contend(queue);
        }

        if (_serviceScheduled)
        {
            return;
        }

        if (nowTicks >= BusyUntilTicks)
        {
            Serve(nowTicks);
        }
        else
        {
            _serviceScheduled = true;
            _simulation.Schedule(BusyUntilTicks, this, 0);
        }
    }

    public void Fire(long argument)
    {
        _serviceScheduled = false;
        Serve(_simulation.Now.Ticks);
    }

    private int Contenders => _stations.Count + (_newAtAccessPoint.Count + _oldAtAccessPoint.Count > 0 ? 1 : 0);

    private void Contend(AirQueue queue)
    {
        if (queue.AtAccessPoint)
        {
            // A station that had nothing queued is sparse: it goes before those with a standing backlog.
            Invariant.Holds(!queue.Scheduled, "an access point queue is scheduled once");
            queue.Scheduled = true;
            _newAtAccessPoint.Enqueue(queue);
        }
        else
        {
            Invariant.Holds(queue.ContenderIndex < 0, "a station contends once");
            queue.ContenderIndex = _stations.Count;
            _stations.Add(queue);
        }
    }

    /// <summary>Gives the air to one contender for one transmission opportunity.</summary>
    private void Serve(long nowTicks)
    {
        var contenders = Contenders;
        if (contenders == 0)
        {
            return;
        }

        Invariant.Holds(nowTicks >= BusyUntilTicks, "a transmission starts only once the air is free");
        var winner = contenders == 1 ? 0 : _random.Next(contenders);
        var queue = winner < _stations.Count ? _stations[winner] : NextAtAccessPoint();
        var waitedTicks = nowTicks - queue.HeadSinceTicks;
        var bytes = TakeAggregate(queue);
        var rate = (double)queue.BitsPerSecond;
        var airtime = Mac.Preamble.Ticks + Serialization(bytes, rate);

        // Channel access: idle backoff before each busy period, and the collisions before a success.
        var (successProbability, idleSlots) = _contention.With(contenders);
        var idleTicks = Mac.Aifs.Ticks + (long)(idleSlots * Mac.Slot.Ticks);
        var durationTicks = idleTicks;
        var collisions = 0;
        while (collisions < MaxCollisions && _random.Chance(1 - successProbability))
        {
            collisions++;
            durationTicks += airtime + idleTicks;
        }

        var attempts = 1;
        var window = Mac.ContentionWindowMin;
        durationTicks += airtime + Mac.Sifs.Ticks + Mac.Acknowledgement.Ticks;
        var delivered = true;
        while (_random.Chance(Mac.AttemptErrorRate))
        {
            if (attempts == Mac.RetryLimit)
            {
                delivered = false;
                break;
            }

            attempts++;
            window = Math.Min((2 * window) + 1, Mac.ContentionWindowMax);
            rate /= Mac.RetryRateDivisor;
            durationTicks += Mac.Aifs.Ticks + (Mac.Slot.Ticks * _random.Next(window + 1))
                + Mac.Preamble.Ticks + Serialization(bytes, rate) + Mac.Sifs.Ticks + Mac.Acknowledgement.Ticks;
        }

        var endTicks = nowTicks + durationTicks;
        BusyUntilTicks = endTicks;
        queue.HeadSinceTicks = endTicks; // the next frame contends once this transmission is over
        if (queue.AtAccessPoint)
        {
            queue.DeficitTicks -= durationTicks;
        }

        Stats.Record(_aggregate.Count, bytes, durationTicks, waitedTicks + durationTicks, collisions, attempts - 1, delivered);
        if (queue.Timing is { } timing)
        {
            // Each frame waited from joining its queue to this opportunity, and was served by all of it.
            foreach (var queuedTicks in _aggregateQueuedTicks)
            {
                timing.Record(nowTicks - queuedTicks, durationTicks);
            }
        }

        foreach (var packet in _aggregate)
        {
            if (delivered)
            {
                _transit.Propagate(packet, endTicks);
            }
            else
            {
                _transit.LoseOnAir(packet);
            }
        }

        _aggregate.Clear();
        _aggregateQueuedTicks.Clear();
        if (Contenders > 0)
        {
            _serviceScheduled = true;
            _simulation.Schedule(endTicks, this, 0);
        }
    }

    /// <summary>Takes the frames of one PPDU from the head of the queue: as many as fit the aggregate limits.</summary>
    private long TakeAggregate(AirQueue queue)
    {
        long bytes = 0;
        var limitTicks = Mac.MaxPpduTime.Ticks - Mac.Preamble.Ticks;
        while (queue.Count > 0 && _aggregate.Count < Mac.MaxAggregateFrames)
        {
            var (_, frameBytes, _) = queue.Peek();
            if (_aggregate.Count > 0 && Serialization(bytes + frameBytes, queue.BitsPerSecond) > limitTicks)
            {
                break;
            }

            var (packet, _, queuedTicks) = queue.Dequeue();
            _aggregate.Add(packet);
            _aggregateQueuedTicks.Add(queuedTicks);
            bytes += frameBytes;
        }

        if (queue.Count == 0)
        {
            Leave(queue);
        }

        return bytes;
    }

    /// <summary>The access point's next queue: sparse stations first, then deficit round robin by airtime.</summary>
    private AirQueue NextAtAccessPoint()
    {
        while (true)
        {
            var list = _newAtAccessPoint.Count > 0 ? _newAtAccessPoint : _oldAtAccessPoint;
            var queue = list.Peek();
            if (queue.DeficitTicks > 0)
            {
                return queue;
            }

            queue.DeficitTicks += Mac.MaxPpduTime.Ticks;
            list.Dequeue();
            _oldAtAccessPoint.Enqueue(queue);
        }
    }

    private void Leave(AirQueue queue)
    {
        if (queue.AtAccessPoint)
        {
            // The queue just served is at the head of the list it was picked from.
            var list = _newAtAccessPoint.Count > 0 && _newAtAccessPoint.Peek() == queue ? _newAtAccessPoint : _oldAtAccessPoint;
            Invariant.Holds(list.Peek() == queue, "the access point serves the head of its list");
            list.Dequeue();
            queue.Scheduled = false;
            return;
        }

        var last = _stations[^1];
        _stations[queue.ContenderIndex] = last;
        last.ContenderIndex = queue.ContenderIndex;
        _stations.RemoveAt(_stations.Count - 1);
        queue.ContenderIndex = -1;
    }

    public override string ToString() => Name;

    private static long Serialization(long bytes, double bitsPerSecond) =>
        (long)Math.Ceiling(bytes * 8.0 * TimeSpan.TicksPerSecond / bitsPerSecond);
}
