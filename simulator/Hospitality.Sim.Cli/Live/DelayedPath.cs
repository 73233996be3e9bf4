using System.Net;
using Hospitality.Sim.Network;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// A path between two nodes of a shaped live run, as <see cref="PacketDelay"/> delays it: the links its
/// packets cross (their delays summed, as the simulator draws them) and the seed of its draws.
/// </summary>
/// <param name="Name">What the path stands for in the records, e.g. "tablet-2 to greengrass-1".</param>
/// <param name="From">The end that opens connections (up is from it).</param>
internal sealed record DelayedPath(string Name, IPAddress From, IPAddress To, IReadOnlyList<LinkProfile> Links, ulong Seed)
{
    /// <summary>The path's one-way delay without jitter or tails: the links' base latencies summed.</summary>
    public TimeSpan BaseDelay => TimeSpan.FromTicks(Links.Sum(link => link.BaseLatency.Ticks));
}
