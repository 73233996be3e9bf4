using Hospitality.Sim.Network;
using Hospitality.Sync.Detection;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;

namespace Hospitality.Sim.Discovery;

/// <summary>
/// A device's network awareness for one boot, as the engine ships it: mDNS advertising the device as
/// a peer, a <see cref="GreengrassLocator"/> for its property, and a <see cref="NetworkDetector"/> whose
/// strategy its replication follows. It reports to the world's <see cref="DiscoveryLog"/> how long
/// discovery took and, for each switch-over, how long the detector took to notice and the replication to switch.
/// </summary>
internal sealed class DeviceAwareness
{
    /// <summary>The port a device's peer service names (P2P listens there when it runs).</summary>
    public const int PeerPort = 9000;

    private readonly SimHost _host;
    private readonly DiscoveryLog _log;
    private readonly long _bootTicks;
    private MultiServerReplication? _replication;
    private bool _found;
    private bool _detected;
    private long? _changedTicks;
    private Pending? _pending;

    /// <param name="advertisePeer">False when the device's P2P advertises its own peer record (its direct-signaling listener's).</param>
    public DeviceAwareness(SimHost host, DiscoveryPlan plan, IRandomSource random, bool advertisePeer = true)
    {
        _host = host;
        _log = plan.Log;
        _bootTicks = Now;
        Mdns = new MulticastDns(host.Network, host.Interfaces, host.Clock, random, new MdnsOptions { HostName = host.Name });
        if (advertisePeer)
        {
            Mdns.Responder.Advertise(HospitalityServices.Peer(plan.PropertyId, host.Name, PeerPort));
        }

        Locator = new GreengrassLocator(Mdns.Querier, plan.PropertyId);
        Detector = new NetworkDetector(host.Network, host.Interfaces, Locator, host.Clock, new NetworkDetectorOptions { Cloud = plan.Cloud, Strategies = plan.Strategies });
        _log.Booted(host.Name, Mdns.Stats);
        Locator.Changed += OnLocated;
        host.Interfaces.Changed += OnAttachmentChanged;
        Detector.Changed += OnDetected;
    }

    public MulticastDns Mdns { get; }

    public GreengrassLocator Locator { get; }

    public NetworkDetector Detector { get; }

    private long Now => _host.Clock.GetTimestamp();

    /// <summary>Makes <paramref name="replication"/> follow the detector and starts mDNS and monitoring on the host's lifetime.</summary>
    public void Run(MultiServerReplication replication)
    {
        _replication = replication;
        replication.Follow(Detector);
        replication.ActiveEndpointChanged += _ => CheckSwitched();
        Detector.StrategyChanged += _ => CheckSwitched();
        _host.Spawn("mdns", async lifetime =>
        {
            await Mdns.StartAsync(lifetime);
            await Mdns.Completion;
        });
        _host.Spawn("detector", async lifetime =>
        {
            await Detector.StartAsync(lifetime);
            await Detector.Completion;
        });
    }

    /// <summary>Something the device cannot see directly changed now (its Greengrass crashed, the building lost its internet).</summary>
    public void MarkChange() => _changedTicks ??= Now;

    /// <summary>A crash ends this boot: nothing it saw afterwards is measured.</summary>
    public void Retire()
    {
        _host.Interfaces.Changed -= OnAttachmentChanged;
        _pending = null;
    }

    private void OnAttachmentChanged(NetworkAttachment attachment) => MarkChange();

    private void OnLocated(DiscoveredService? found)
    {
        if (found is not null && !_found)
        {
            _found = true;
            _log.Discovered(Elapsed(_bootTicks));
        }
    }

    private void OnDetected(NetworkState old, NetworkState state)
    {
        // Raised before the detector applies its hysteresis: its strategy is still the one in force.
        if (!_detected)
        {
            _detected = true; // the first detection sets the first strategy: a boot, not a switch-over
            _changedTicks = null;
            return;
        }

        var current = Detector.Strategy.Situation;
        if (state.Situation == current)
        {
            _pending = null; // back before the hold ran out: noticed, but nothing to switch
            _changedTicks = null;
            return;
        }

        if (_pending?.To != state.Situation)
        {
            // A detection on the way (back on Wi-Fi, mDNS not answered yet) keeps the change it came from.
            var changed = _pending?.ChangedTicks ?? _changedTicks;
            _pending = new Pending(current, state.Situation, Now, changed, changed is { } ticks ? Elapsed(ticks) : null);
            _changedTicks = null;
        }
    }

    private void CheckSwitched()
    {
        if (_pending is not { } pending || _replication is not { } replication || Detector.Strategy.Situation != pending.To)
        {
            return;
        }

        // Offline, the replication retires its session as the strategy switches: nothing is left to wait for.
        var switched = Detector.Strategy.Primary is not { } primary || replication.ActiveEndpoint == Endpoint(primary);
        if (switched)
        {
            _pending = null;
            _log.Switched(new SwitchOver(_host.Name, $"{Name(pending.From)} → {Name(pending.To)}", pending.Noticed, Elapsed(pending.NoticedTicks)));
        }
    }

    private TimeSpan Elapsed(long since) => TimeSpan.FromTicks(Now - since);

    // The worlds name each endpoint after its kind.
    private static string Endpoint(EndpointKind kind) => kind == EndpointKind.Greengrass ? "greengrass" : "cloud";

    private static string Name(NetworkSituation situation) => situation switch
    {
        NetworkSituation.OnProperty => "on-property",
        NetworkSituation.CloudOnly => "cloud-only",
        NetworkSituation.Cellular => "cellular",
        _ => "offline",
    };

    private readonly record struct Pending(NetworkSituation From, NetworkSituation To, long NoticedTicks, long? ChangedTicks, TimeSpan? Noticed);
}
