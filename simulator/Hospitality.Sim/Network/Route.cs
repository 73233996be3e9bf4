namespace Hospitality.Sim.Network;

/// <summary>
/// The hops from one host to another, and for each hop the latest arrival scheduled on this route.
/// Ordering is kept per route (one sender to one receiver), not per hop: jitter or a retry on one
/// flow never holds back another station's frames that share the hop.
/// </summary>
internal sealed class Route
{
    public Route(LinkQueue[] hops)
    {
        Hops = hops;
        LastArrivalTicks = new long[hops.Length];
    }

    public static Route None { get; } = new([]);

    public LinkQueue[] Hops { get; }

    /// <summary>Per hop, the latest arrival at its far end; later packets of this route never overtake it unless reordered.</summary>
    public long[] LastArrivalTicks { get; }

    public int Length => Hops.Length;

    /// <summary>The sender's counters with the receiver, found on the route's first unicast packet (routes die when hosts move).</summary>
    public TrafficCounters.PairSlots? SentSlots { get; set; }

    /// <summary>The receiver's counters with the sender, found on the route's first delivery.</summary>
    public TrafficCounters.PairSlots? ReceivedSlots { get; set; }
}
