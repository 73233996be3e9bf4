using Hospitality.Reports.Model;
using Hospitality.Sim.Kernel;
using Hospitality.Sync.Discovery;

namespace Hospitality.Sim.Discovery;

/// <summary>
/// What the devices of a world measured about discovery: how long each boot took to find its
/// Greengrass, every strategy switch-over, and every mDNS instance's traffic (restarts included).
/// </summary>
public sealed class DiscoveryLog
{
    /// <summary>Bounds the stored switch-overs: a flapping scenario cannot grow the log without limit.</summary>
    public const int SwitchOversMax = 100_000;

    private readonly List<TimeSpan> _discoveries = [];
    private readonly List<SwitchOver> _switchOvers = [];
    private readonly List<MdnsStats> _mdns = [];
    private readonly HashSet<string> _devices = new(StringComparer.Ordinal);

    /// <summary>Boot to first Greengrass found, once per device boot that found one.</summary>
    public IReadOnlyList<TimeSpan> Discoveries => _discoveries;

    public IReadOnlyList<SwitchOver> SwitchOvers => _switchOvers;

    /// <summary>Devices that ran mDNS at least once.</summary>
    public int Devices => _devices.Count;

    /// <summary>Device boots that ran mDNS (each restart starts a new instance).</summary>
    public int Boots => _mdns.Count;

    public long MdnsPackets => _mdns.Sum(stats => stats.PacketsSent + stats.PacketsReceived);

    public long MdnsBytes => _mdns.Sum(stats => stats.BytesSent + stats.BytesReceived);

    /// <summary>Switch-overs dropped once <see cref="SwitchOversMax"/> were stored.</summary>
    public int SwitchOversDropped { get; private set; }

    /// <summary>The figures for a report, traffic per device per hour of <paramref name="elapsed"/>; null when no device ran mDNS.</summary>
    public DiscoveryReport? Report(TimeSpan elapsed)
    {
        if (Devices == 0)
        {
            return null;
        }

        var found = _discoveries.Select(each => each.TotalMilliseconds).Order().ToList();
        var deviceHours = Devices * Math.Max(elapsed.TotalHours, 1.0 / 3600);
        var switches = _switchOvers.GroupBy(each => each.Change, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group =>
        {
            var noticed = group.Where(each => each.Noticed is not null).Select(each => each.Noticed!.Value.TotalMilliseconds).Order().ToList();
            var switched = group.Select(each => each.Switched.TotalMilliseconds).Order().ToList();
            return new SwitchOverReport(group.Key, switched.Count, Percentile(noticed, 50), noticed.Count == 0 ? null : noticed[^1], Percentile(switched, 50)!.Value, Percentile(switched, 99)!.Value, switched[^1]);
        }).ToList();
        return new DiscoveryReport(Devices, Boots, found.Count, Percentile(found, 50), Percentile(found, 99), found.Count == 0 ? null : found[^1], MdnsPackets / deviceHours, MdnsBytes / deviceHours, switches);
    }

    /// <summary>Nearest-rank percentile of sorted values; null for none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double percent) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    internal void Booted(string device, MdnsStats stats)
    {
        _devices.Add(device);
        _mdns.Add(stats);
    }

    internal void Discovered(TimeSpan took)
    {
        Invariant.Holds(took >= TimeSpan.Zero, "discovery cannot end before its boot");
        _discoveries.Add(took);
    }

    internal void Switched(SwitchOver switchOver)
    {
        Invariant.Holds(switchOver.Switched >= TimeSpan.Zero, "an endpoint cannot switch before the change was noticed");
        if (_switchOvers.Count >= SwitchOversMax)
        {
            SwitchOversDropped++;
            return;
        }

        _switchOvers.Add(switchOver);
    }
}
