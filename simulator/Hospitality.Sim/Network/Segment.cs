using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network.Wifi;

namespace Hospitality.Sim.Network;

/// <summary>
/// A subnet: a building's network, a carrier's radio network or a cloud region. Hosts on it reach
/// each other over their access hops; everything else goes out through the segment's uplink to the
/// internet core. Multicast never leaves a segment.
/// </summary>
public sealed class Segment
{
    private readonly List<SimHost> _hosts = [];
    private readonly List<WifiChannel> _channels = [];

    internal Segment(int id, string name, SegmentKind kind, LinkProfile uplinkProfile, SimRandom uplinkUpRandom, SimRandom uplinkDownRandom)
    {
        Id = id;
        Name = name;
        Kind = kind;
        UplinkProfile = uplinkProfile;
        UplinkUp = new LinkQueue($"{name}/uplink/up", uplinkProfile, uplinkProfile.UpBitsPerSecond, uplinkUpRandom);
        UplinkDown = new LinkQueue($"{name}/uplink/down", uplinkProfile, uplinkProfile.DownBitsPerSecond, uplinkDownRandom);
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

    /// <summary>
    /// Whether the segment's access points isolate clients (many hotel Wi-Fi networks do): two hosts on it
    /// cannot reach each other, unicast or multicast, unless one of them is a server the segment exempts.
    /// </summary>
    public bool IsolatesClients { get; private set; }

    private readonly List<SimHost> _servers = [];

    internal void IsolateClients(IEnumerable<SimHost> servers)
    {
        IsolatesClients = true;
        _servers.AddRange(servers);
    }

    /// <summary>True when client isolation keeps <paramref name="a"/> and <paramref name="b"/>, both on this segment, apart.</summary>
    internal bool Isolates(SimHost a, SimHost b) => IsolatesClients && !_servers.Contains(a) && !_servers.Contains(b);

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

    /// <summary>The segment's Wi-Fi channels (one per access point), in the order they opened.</summary>
    internal IReadOnlyList<WifiChannel> Channels => _channels;

    /// <summary>
    /// The least loaded access point on <paramref name="profile"/> with room for one more station, or
    /// a new one (on its own channel) when all of them are full.
    /// </summary>
    internal WifiChannel ChannelFor(LinkProfile profile, Func<int, WifiChannel> open)
    {
        WifiChannel? least = null;
        var count = 0;
        foreach (var channel in _channels)
        {
            if (channel.Profile != profile)
            {
                continue;
            }

            count++;
            if (channel.Stations < profile.Wifi!.StationsPerAccessPoint && (least is null || channel.Stations < least.Stations))
            {
                least = channel;
            }
        }

        if (least is null)
        {
            least = open(count + 1);
            _channels.Add(least);
        }

        return least;
    }

    public override string ToString() => Name;
}
