namespace Hospitality.Sim.Network;

/// <summary>
/// One direction of one hop: packets are serialized at its bandwidth one after another (FIFO),
/// wait while it is busy, and are tail-dropped when the backlog passes the queue limit.
/// </summary>
internal sealed class LinkQueue(string name, LinkProfile profile, long bitsPerSecond)
{
    public string Name { get; } = name;

    public LinkProfile Profile { get; set; } = profile;

    public long BitsPerSecond { get; } = bitsPerSecond;

    public bool IsUp { get; set; } = true;

    /// <summary>When the transmitter finishes the packets already queued.</summary>
    public long BusyUntilTicks { get; set; }

    /// <summary>The latest arrival scheduled at the far end; later packets never overtake it unless reordered.</summary>
    public long LastArrivalTicks { get; set; }

    public long SerializationTicks(int bytes) =>
        (long)Math.Ceiling(bytes * 8.0 * TimeSpan.TicksPerSecond / BitsPerSecond);

    /// <summary>Bytes still waiting to be serialized at <paramref name="nowTicks"/>.</summary>
    public long BacklogBytes(long nowTicks) =>
        BusyUntilTicks <= nowTicks ? 0 : (long)((BusyUntilTicks - nowTicks) * (double)BitsPerSecond / (8.0 * TimeSpan.TicksPerSecond));

    public override string ToString() => Name;
}
