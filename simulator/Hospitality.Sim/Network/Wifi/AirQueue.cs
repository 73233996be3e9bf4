namespace Hospitality.Sim.Network.Wifi;

/// <summary>
/// One station's frames waiting for the air in one direction: the station's own transmit queue
/// (towards the access point), or the access point's queue for that station. Queues are per
/// station, so a backlog at one station never delays or drops another's frames.
/// </summary>
internal sealed class AirQueue(WifiChannel channel, bool atAccessPoint, long bitsPerSecond)
{
    private readonly Queue<(Packet Packet, int FrameBytes, long QueuedTicks)> _frames = new();

    public WifiChannel Channel { get; } = channel;

    /// <summary>True for the access point's queue towards a station, false for a station's own.</summary>
    public bool AtAccessPoint { get; } = atAccessPoint;

    /// <summary>The PHY data rate this queue's frames are sent at (before any retry falls back).</summary>
    public long BitsPerSecond { get; } = bitsPerSecond;

    public long QueuedBytes { get; private set; }

    public int Count => _frames.Count;

    /// <summary>Airtime this queue may still use in its round (the access point's deficit round robin).</summary>
    public long DeficitTicks { get; set; }

    /// <summary>Where this queue stands in the channel's list of contending stations; -1 when not contending.</summary>
    public int ContenderIndex { get; set; } = -1;

    /// <summary>Whether this queue is in one of the access point's round-robin lists.</summary>
    public bool Scheduled { get; set; }

    /// <summary>Where this queue's waits and transmission opportunities are recorded; null: not recorded.</summary>
    public Metrics.StageTiming? Timing { get; set; }

    /// <summary>Since when the frame at the head of the queue has waited for the air.</summary>
    public long HeadSinceTicks { get; set; }

    public void Enqueue(Packet packet, int frameBytes, long nowTicks)
    {
        if (_frames.Count == 0)
        {
            HeadSinceTicks = nowTicks;
        }

        _frames.Enqueue((packet, frameBytes, nowTicks));
        QueuedBytes += frameBytes;
    }

    public (Packet Packet, int FrameBytes, long QueuedTicks) Peek() => _frames.Peek();

    public (Packet Packet, int FrameBytes, long QueuedTicks) Dequeue()
    {
        var frame = _frames.Dequeue();
        QueuedBytes -= frame.FrameBytes;
        return frame;
    }
}
