using Hospitality.Sim.Network;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// What the kernel does to one node's link, each direction seen from the node: the rate (tbf) and
/// the chance that a packet is lost (nftables numgen), the MTU of its interface and how many bytes
/// its transmit queue holds. Delay, jitter and the latency tail are added per packet (<see cref="PacketDelay"/>), or by the relay on unshaped runs (<see cref="DelayRelay"/>).
/// </summary>
internal sealed record LinkShape(string Profile, long UpBitsPerSecond, long DownBitsPerSecond, double UpLossRate, double DownLossRate, int MtuBytes, int QueueLimitBytes)
{
    /// <summary>A host's access link as the simulator has it: one profile, the same both ways.</summary>
    public static LinkShape Of(LinkProfile profile) =>
        new(profile.Name, profile.UpBitsPerSecond, profile.DownBitsPerSecond, profile.LossRate, profile.LossRate, profile.MtuBytes, profile.QueueLimitBytes);

    /// <summary>
    /// The cloud's link in a live run of one property: every byte between the property and the cloud
    /// crosses the property's uplink, then the cloud edge, so the cloud's interface carries the uplink's
    /// rates turned round (what the property sends is what the cloud receives) and both hops' losses.
    /// </summary>
    public static LinkShape CloudBehind(LinkProfile uplink, params LinkProfile[] cloudSide)
    {
        var loss = 1 - cloudSide.Aggregate(1 - uplink.LossRate, (kept, link) => kept * (1 - link.LossRate));
        return new LinkShape($"{uplink.Name} (turned round) + {string.Join(" + ", cloudSide.Select(link => link.Name))}", uplink.DownBitsPerSecond, uplink.UpBitsPerSecond, loss, loss, uplink.MtuBytes, uplink.QueueLimitBytes);
    }
}
