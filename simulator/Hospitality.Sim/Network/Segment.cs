namespace Hospitality.Sim.Network;

/// <summary>
/// A subnet: a building's network, a carrier's radio network or a cloud region. Hosts on it reach
/// each other over their access hops; everything else goes out through the segment's uplink to the
/// internet core. Multicast never leaves a segment.
/// </summary>
public sealed class Segment
{
    private readonly List<SimHost> _hosts = [];
    private readonly Dictionary<LinkProfile, (LinkQueue Up, LinkQueue Down)> _sharedMedia = [];

    internal Segment(int id, string name, SegmentKind kind, LinkProfile uplinkProfile)
    {
        Id = id;
        Name = name;
        Kind = kind;
        UplinkProfile = uplinkProfile;
        UplinkUp = new LinkQueue($"{name}/uplink/up", uplinkProfile, uplinkProfile.UpBitsPerSecond);
        UplinkDown = new LinkQueue($"{name}/uplink/down", uplinkProfile, uplinkProfile.DownBitsPerSecond);
    }

    public int Id { get; }

    public string Name { get; }

    public SegmentKind Kind { get; }

    public LinkProfile UplinkProfile { get; }

    /// <summary>Hosts attached now, in the order they attached.</summary>
    public IReadOnlyList<SimHost> Hosts => _hosts;

    /// <summary>Whether the segment's line to the internet is up (an outage cuts it in both directions).</summary>
    public bool InternetUp => UplinkUp.IsUp;

    internal LinkQueue UplinkUp { get; }

    internal LinkQueue UplinkDown { get; }

    internal int NextHostNumber { get; set; } = 1;

    /// <summary>The most hosts attached at once: 10.{segment}.0.1 to 10.{segment}.255.254.</summary>
    internal const int MaxHostNumber = 65_534;

    /// <summary>The address of host number <paramref name="number"/> (1 to <see cref="MaxHostNumber"/>): 10.{segment}.x.y.</summary>
    internal uint AddressValueOf(int number) => (10u << 24) | ((uint)Id << 16) | (uint)number;

    internal void SetInternetUp(bool up)
    {
        UplinkUp.IsUp = up;
        UplinkDown.IsUp = up;
    }

    internal void Attach(SimHost host) => _hosts.Add(host);

    internal void Detach(SimHost host) => _hosts.Remove(host);

    /// <summary>The queues all stations on a shared medium (one Wi-Fi channel) contend for.</summary>
    internal (LinkQueue Up, LinkQueue Down) SharedMedium(LinkProfile profile)
    {
        if (!_sharedMedia.TryGetValue(profile, out var media))
        {
            // One channel's airtime carries both directions, so both ends share a single queue.
            var air = new LinkQueue($"{Name}/{profile.Name}/air", profile, profile.DownBitsPerSecond);
            media = (air, air);
            _sharedMedia.Add(profile, media);
        }

        return media;
    }

    public override string ToString() => Name;
}
