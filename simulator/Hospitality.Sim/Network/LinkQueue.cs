using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network.Wifi;

namespace Hospitality.Sim.Network;

/// <summary>
/// One direction of one hop. A wired hop serializes packets at its bandwidth one after another
/// (FIFO), and tail-drops when the backlog passes the queue limit. A Wi-Fi hop is one station's
/// queue on a channel (<see cref="Air"/>): the channel decides when it transmits.
/// </summary>
internal sealed class LinkQueue(string name, LinkProfile profile, long bitsPerSecond, SimRandom random, AirQueue? air = null)
{
    public string Name { get; } = name;

    /// <summary>
    /// This hop's own draws (loss, jitter, tails, reordering), so traffic on other hops never moves
    /// which of this hop's packets meet a rare event and figures stay stable when unrelated load changes.
    /// </summary>
    public SimRandom Random { get; } = random;

    public LinkProfile Profile { get; set; } = profile;

    public long BitsPerSecond { get; } = bitsPerSecond;

    public bool IsUp { get; set; } = true;

    /// <summary>The station's queue on a Wi-Fi channel; null on a wired hop.</summary>
    public AirQueue? Air { get; } = air;

    /// <summary>Where this hop's FIFO waits and serialization are recorded (wired hops); null: not recorded.</summary>
    public Metrics.StageTiming? Queued { get; set; }

    /// <summary>Where this hop's drawn delays and in-order holds are recorded; null: not recorded.</summary>
    public Metrics.StageTiming? Delayed { get; set; }

    /// <summary>When the transmitter finishes the packets already queued (wired hops).</summary>
    public long BusyUntilTicks { get; set; }

    public long SerializationTicks(int bytes) =>
        (long)Math.Ceiling(bytes * 8.0 * TimeSpan.TicksPerSecond / BitsPerSecond);

    /// <summary>Bytes still waiting to be sent at <paramref name="nowTicks"/>.</summary>
    public long BacklogBytes(long nowTicks) =>
        Air is { } air ? air.QueuedBytes
        : BusyUntilTicks <= nowTicks ? 0
        : (long)((BusyUntilTicks - nowTicks) * (double)BitsPerSecond / (8.0 * TimeSpan.TicksPerSecond));

    /// <summary>What frames on this hop are heard on: the Wi-Fi channel, or the hop itself.</summary>
    public object Medium => (object?)Air?.Channel ?? this;

    public override string ToString() => Name;
}
