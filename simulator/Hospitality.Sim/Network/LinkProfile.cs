using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Network;

/// <summary>
/// How one hop behaves: one-way latency (base, normal jitter, a heavy tail), random loss,
/// bandwidth per direction with serialization and a bounded queue, MTU, duplication and
/// reordering. A profile with <see cref="Wifi"/> MAC parameters is a shared channel: its stations
/// have queues of their own and take turns on the air.
/// The named profiles and where their numbers come from are in docs/network-model.md.
/// </summary>
public sealed record LinkProfile
{
    public required string Name { get; init; }

    public TimeSpan BaseLatency { get; init; }

    /// <summary>Standard deviation of the normal jitter added to <see cref="BaseLatency"/> (clamped at zero).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Probability that a packet also takes a heavy-tail delay (Wi-Fi retries, cellular scheduling).</summary>
    public double TailProbability { get; init; }

    /// <summary>Scale of the tail: a Pareto (alpha 2) draw with this minimum.</summary>
    public TimeSpan TailScale { get; init; }

    /// <summary>
    /// The largest tail delay; zero means 20 x <see cref="TailScale"/>. Without a cap one rare draw
    /// would hold back every later packet of its flow for minutes.
    /// </summary>
    public TimeSpan TailMax { get; init; }

    public double LossRate { get; init; }

    /// <summary>
    /// One packet's one-way delay over this hop: the base, normal jitter, and with <see cref="TailProbability"/>
    /// a Pareto (alpha 2) tail capped at <see cref="TailMax"/>; never negative. hsim live's relay draws its delays here too.
    /// </summary>
    public long PropagationTicks(SimRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ticks = (double)BaseLatency.Ticks;
        if (Jitter > TimeSpan.Zero)
        {
            ticks += random.NextGaussian() * Jitter.Ticks;
        }

        if (random.Chance(TailProbability))
        {
            // Pareto with alpha 2: scale / sqrt(u). Square root is exactly rounded, so portable.
            var cap = TailMax > TimeSpan.Zero ? TailMax.Ticks : 20.0 * TailScale.Ticks;
            ticks += Math.Min(cap, TailScale.Ticks / Math.Sqrt(1.0 - random.NextDouble()));
        }

        return Math.Max(0, (long)ticks);
    }

    /// <summary>Bits per second from the host (or segment) towards the network.</summary>
    public long UpBitsPerSecond { get; init; }

    /// <summary>Bits per second from the network towards the host (or segment).</summary>
    public long DownBitsPerSecond { get; init; }

    /// <summary>Bytes a direction of this hop can hold queued before it tail-drops.</summary>
    public int QueueLimitBytes { get; init; } = 256 * 1024;

    public int MtuBytes { get; init; } = 1500;

    /// <summary>Link-layer bytes added per packet for serialization (Ethernet: header, FCS, preamble, gap = 38).</summary>
    public int FramingOverheadBytes { get; init; } = 38;

    public double DuplicationRate { get; init; }

    /// <summary>Probability that a packet is held back and overtaken by those behind it.</summary>
    public double ReorderRate { get; init; }

    /// <summary>Extra delay given to a reordered packet.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How stations share the air when this is a Wi-Fi channel (the bandwidths are then its PHY data
    /// rates); null for a dedicated link. All stations of a segment on one profile share one channel.
    /// </summary>
    public Wifi.WifiMac? Wifi { get; init; }

    /// <summary>One-way link-layer kind reported to devices through INetworkInterfaces.</summary>
    public Hospitality.Sync.Ports.NetworkKind AttachmentKind { get; init; } = Hospitality.Sync.Ports.NetworkKind.Ethernet;
}
