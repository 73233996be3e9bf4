using System.Net;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Detection;

/// <summary>
/// The seed's network detector: what the device is attached to (from <see cref="INetworkInterfaces"/>),
/// whether it is on the property's network (its Greengrass found by mDNS and answering health), whether
/// the internet is reachable (the cloud answering health), a smoothed latency and a bandwidth estimate;
/// and the strategy for that, which follows a worse situation after <see cref="NetworkDetectorOptions.DegradeAfter"/>
/// and a better one after <see cref="NetworkDetectorOptions.ImproveAfter"/> (<see cref="NetworkDetectorOptions.RecoverAfter"/>
/// when leaving offline), so a flapping link does not thrash.
/// </summary>
/// <example>
/// <code>
/// var detector = new NetworkDetector(network, interfaces, new GreengrassLocator(mdns.Querier, propertyId), time, options);
/// detector.StrategyChanged += strategy => Console.WriteLine($"{strategy.Primary}, every {strategy.SyncInterval}");
/// await detector.StartAsync(cancellationToken);
/// </code>
/// </example>
public sealed class NetworkDetector
{
    private readonly INetwork _network;
    private readonly INetworkInterfaces _interfaces;
    private readonly GreengrassLocator? _locator;
    private readonly TimeProvider _time;
    private readonly NetworkDetectorOptions _options;
    private readonly Alarm _wake;
    private readonly KeptHealthProbe _greengrassProbe;
    private readonly KeptHealthProbe _cloudProbe;
    private NetworkSituation? _candidate;
    private long _candidateSince;
    private bool _detected;
    private double? _latencyTicks;
    private double? _bandwidthBitsPerSecond;
    private long? _internetCheckedAt;
    private bool _hasInternet;
    private long? _greengrassHeardAt;

    // While monitoring waits for the live session to fall silent: the latest the next round may come (as
    // elapsed clock time), up to which each frame the session hears moves the round. Null otherwise.
    private TimeSpan? _heardUntil;

    public NetworkDetector(INetwork network, INetworkInterfaces interfaces, GreengrassLocator? locator, TimeProvider time, NetworkDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _network = network;
        _interfaces = interfaces;
        _locator = locator;
        _time = time;
        _options = options;
        _wake = new Alarm(time);
        _greengrassProbe = new KeptHealthProbe(network, time);
        _cloudProbe = new KeptHealthProbe(network, time);
        Strategy = options.Strategies.Offline;
    }

    /// <summary>What the last detection found.</summary>
    public NetworkState State { get; private set; } = NetworkState.Unknown;

    /// <summary>The strategy in force (after hysteresis).</summary>
    public SyncStrategy Strategy { get; private set; }

    /// <summary>Times the strategy changed after the first detection.</summary>
    public int StrategySwitches { get; private set; }

    /// <summary>Health probes sent (each a request on a connection kept to the Greengrass or the cloud).</summary>
    public int HealthProbes { get; private set; }

    /// <summary>Detections run: monitoring's rounds and <see cref="DetectAsync"/> calls.</summary>
    internal int Detections { get; private set; }

    /// <summary>Connections the health probes opened: one per server, and again after a probe failed or the link changed.</summary>
    public int HealthProbeConnections => _greengrassProbe.ConnectionsOpened + _cloudProbe.ConnectionsOpened;

    /// <summary>
    /// Set by a replication that follows this detector: when its live session to an endpoint of that kind
    /// (at that address, if given) last heard the server, or null without one.
    /// </summary>
    internal Func<EndpointKind, IPEndPoint?, long?>? LastHeard { get; set; }

    /// <summary>The seed's <c>startMonitoring((oldNet, newNet) => ...)</c>: raised when a detection differs from the one before.</summary>
    public event Action<NetworkState, NetworkState>? Changed;

    public event Action<SyncStrategy>? StrategyChanged;

    /// <summary>The seed's <c>recommendStrategy()</c>.</summary>
    public SyncStrategy RecommendStrategy() => Strategy;

    /// <summary>A round trip seen in real traffic (a replicator's request), folded into the latency estimate.</summary>
    public void ObserveRoundTrip(TimeSpan roundTrip) =>
        _latencyTicks = Smooth(_latencyTicks, roundTrip.Ticks);

    /// <summary>A transfer seen in real traffic (a pulled page), folded into the bandwidth estimate.</summary>
    public void ObserveTransfer(long bytes, TimeSpan duration)
    {
        if (bytes > 0 && duration > TimeSpan.Zero)
        {
            _bandwidthBitsPerSecond = Smooth(_bandwidthBitsPerSecond, bytes * 8 / duration.TotalSeconds);
        }
    }

    /// <summary>Probes now: the Greengrass if mDNS found one, then the cloud; updates <see cref="State"/> and the strategy.</summary>
    public Task<NetworkState> DetectAsync(CancellationToken cancellationToken) => DetectOnceAsync(cancellationToken).AsTask();

    // A value task: the monitor detects every probe interval on every device (1.8 M times in the resort's day), and a
    // detection that needs no probe completes at once, so its task and the internet check's were pure garbage. Awaiting
    // one that does wait awaits the async method's own task, as before.
    private async ValueTask<NetworkState> DetectOnceAsync(CancellationToken cancellationToken)
    {
        Detections++;
        var attachment = _interfaces.Current;
        var state = NetworkState.Unknown;
        _greengrassHeardAt = null;
        if (attachment.IsOnline)
        {
            var greengrass = _locator?.Current;
            TimeSpan? greengrassRoundTrip = null;
            var onProperty = greengrass is not null && HeardRecently(greengrass.EndPoint);
            if (greengrass is not null && !onProperty)
            {
                greengrassRoundTrip = await ProbeAsync(_greengrassProbe, _ => ValueTask.FromResult(greengrass.EndPoint), cancellationToken);
                onProperty = greengrassRoundTrip is not null;
            }

            if (greengrass is not null)
            {
                _locator!.Reached(greengrass, onProperty);
            }

            var (hasInternet, cloudRoundTrip) = await CheckInternetAsync(onProperty, cancellationToken);
            // On the property the latency is the Greengrass's: a vouched-for one has no probe's round trip, and the cloud's is not it.
            if ((greengrassRoundTrip ?? (onProperty ? null : cloudRoundTrip)) is { } roundTrip)
            {
                ObserveRoundTrip(roundTrip);
            }

            state = new NetworkState(attachment.Kind, onProperty, hasInternet, Latency, _bandwidthBitsPerSecond, onProperty ? greengrass : null);
        }

        var old = State;
        State = state;
        if (old != state)
        {
            Changed?.Invoke(old, state);
        }

        Follow(state);
        return state;
    }

    /// <summary>Ends when monitoring stops (its token is cancelled); faults if monitoring failed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Starts monitoring and returns: a detection every <see cref="NetworkDetectorOptions.ProbeInterval"/>,
    /// and at once when the link changes or a Greengrass appears or goes, until the token is cancelled.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _interfaces.Changed += _ =>
        {
            // Connections made over the old link do not survive the change.
            _greengrassProbe.Reset();
            _cloudProbe.Reset();
            _wake.Wake();
        };
        if (_locator is not null)
        {
            _locator.Changed += _ => _wake.Wake();
        }

        Completion = MonitorAsync(cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether the replication's live session to this Greengrass heard it within a probe interval: then it
    /// has answered as recently as a probe would show, and the probe (a request every interval from every
    /// device of a property, most of an idle device's bytes) is spared.
    /// </summary>
    private bool HeardRecently(IPEndPoint greengrass)
    {
        _greengrassHeardAt = LastHeard?.Invoke(EndpointKind.Greengrass, greengrass) is { } heard && _time.GetElapsedTime(heard) < _options.ProbeInterval ? heard : null;
        return _greengrassHeardAt is not null;
    }

    /// <summary>
    /// The following replication's live session heard its upstream. While monitoring waits only for the
    /// Greengrass's session to fall silent, the next round moves to a probe interval after this frame (but
    /// no later than the cloud's re-check or a pending hold), so a Greengrass that keeps speaking, its 25 s
    /// beacons on an idle day, never wakes the detector: a round per beacon was 3.5 M of the resort's 22.7 M
    /// events. A silent one is probed a probe interval after its last frame, as before.
    /// </summary>
    internal void SessionHeard()
    {
        if (_heardUntil is not { } until || _locator?.Current is not { } greengrass
            || LastHeard?.Invoke(EndpointKind.Greengrass, greengrass.EndPoint) is not { } heard)
        {
            return;
        }

        var untilSilent = _options.ProbeInterval - _time.GetElapsedTime(heard);
        var untilLatest = until - _time.GetElapsedTime(0);
        _wake.Postpone(untilSilent < untilLatest ? untilSilent : untilLatest);
    }

    private TimeSpan? Latency => _latencyTicks is { } ticks ? TimeSpan.FromTicks((long)ticks) : null;

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The first strategy waits for mDNS (probing and an answer take about a second), or a device
            // starting on the property would begin on the cloud and need the improvement hold to come back.
            var started = _time.GetTimestamp();
            while (_locator is { Current: null } && _time.GetElapsedTime(started) < _options.InitialDiscoveryWait)
            {
                await _wake.WaitAsync(_options.InitialDiscoveryWait - _time.GetElapsedTime(started), cancellationToken);
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                _wake.Clear();
                await DetectOnceAsync(cancellationToken);
                var wait = State.Kind != NetworkKind.None && State.Situation == NetworkSituation.Offline ? _options.UnreachableProbeInterval : _options.ProbeInterval;
                TimeSpan? latest = null;
                if (_greengrassHeardAt is { } heard)
                {
                    // Probe once the session has been silent for a probe interval: a dead Greengrass is noticed as soon as before.
                    var untilSilent = _options.ProbeInterval - _time.GetElapsedTime(heard);
                    wait = untilSilent < wait ? (untilSilent > TimeSpan.Zero ? untilSilent : TimeSpan.Zero) : wait;

                    // Frames heard meanwhile move the round (SessionHeard), but it still comes when the cloud is due
                    // its re-check, or, if the cloud did not answer, a probe interval from now as without a session.
                    latest = _hasInternet && _internetCheckedAt is { } checkedAt ? _options.InternetProbeInterval - _time.GetElapsedTime(checkedAt) : _options.ProbeInterval;
                }

                if (_candidate is { } candidate)
                {
                    var due = TimeSpan.FromTicks(_candidateSince) + Hold(candidate) - _time.GetElapsedTime(0);
                    wait = due < wait ? due : wait;
                    latest = latest is { } bound && due < bound ? due : latest;
                }

                if (latest is { } last)
                {
                    wait = last < wait ? (last > TimeSpan.Zero ? last : TimeSpan.Zero) : wait;
                    _heardUntil = _time.GetElapsedTime(0) + (last > wait ? last : wait);
                }

                await _wake.WaitAsync(wait, cancellationToken);
                _heardUntil = null;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _greengrassProbe.DropAsync();
            await _cloudProbe.DropAsync();
        }
    }

    /// <summary>Applies the hysteresis: the strategy changes once a different situation has held long enough.</summary>
    private void Follow(NetworkState state)
    {
        var situation = state.Situation;
        var now = _time.GetElapsedTime(0).Ticks;
        if (!_detected)
        {
            _detected = true;
            Switch(state);
            return;
        }

        if (situation == Strategy.Situation)
        {
            _candidate = null;
            if (situation == NetworkSituation.OnProperty && !Equals(state.Greengrass?.EndPoint, Strategy.PrimaryEndPoint))
            {
                Switch(state); // the Greengrass moved (rebooted with a new address): follow at once
            }

            return;
        }

        if (_candidate != situation)
        {
            _candidate = situation;
            _candidateSince = now;
        }

        if (now - _candidateSince >= Hold(situation).Ticks)
        {
            _candidate = null;
            StrategySwitches++;
            Switch(state);
        }
    }

    private TimeSpan Hold(NetworkSituation candidate) =>
        candidate > Strategy.Situation ? _options.DegradeAfter
        : Strategy.Situation == NetworkSituation.Offline ? _options.RecoverAfter
        : _options.ImproveAfter;

    private void Switch(NetworkState state)
    {
        Strategy = _options.Strategies.For(state.Situation) with { PrimaryEndPoint = state.Situation == NetworkSituation.OnProperty ? state.Greengrass?.EndPoint : null };
        StrategyChanged?.Invoke(Strategy);
    }

    /// <summary>
    /// Whether the cloud answers, probing it only when needed: a live replication session to it already
    /// says so (a cellular phone then sends no probes at all), and on the property, where the cloud does
    /// not change the strategy, once per <see cref="NetworkDetectorOptions.InternetProbeInterval"/> after
    /// it answered (a kept connection a NAT dropped meanwhile fails once, and the next detection retries).
    /// </summary>
    private async ValueTask<(bool HasInternet, TimeSpan? RoundTrip)> CheckInternetAsync(bool onProperty, CancellationToken cancellationToken)
    {
        if (LastHeard?.Invoke(EndpointKind.Cloud, null) is not null)
        {
            (_internetCheckedAt, _hasInternet) = (_time.GetTimestamp(), true);
            return (true, null);
        }

        if (onProperty && _hasInternet && _internetCheckedAt is { } checkedAt && _time.GetElapsedTime(checkedAt) < _options.InternetProbeInterval)
        {
            return (_hasInternet, null);
        }

        var roundTrip = await ProbeAsync(_cloudProbe, CloudEndPointAsync, cancellationToken);
        (_internetCheckedAt, _hasInternet) = (_time.GetTimestamp(), roundTrip is not null);
        return (_hasInternet, roundTrip);
    }

    private async ValueTask<IPEndPoint> CloudEndPointAsync(CancellationToken cancellationToken)
    {
        var cloud = _options.Cloud;
        var addresses = await _network.ResolveAsync(cloud.Host, cancellationToken);
        return new IPEndPoint(addresses[0], cloud.Port);
    }

    /// <summary>The round trip of a health probe, or null when it failed or timed out.</summary>
    private async Task<TimeSpan?> ProbeAsync(KeptHealthProbe kept, Func<CancellationToken, ValueTask<IPEndPoint>> endpoint, CancellationToken cancellationToken)
    {
        HealthProbes++;
        using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _time);
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await kept.ProbeAsync(await endpoint(probe.Token), probe.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is NetworkConnectionException or Replication.ProtocolViolationException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    private double Smooth(double? previous, double sample) =>
        previous is { } value ? value + (_options.SmoothingWeight * (sample - value)) : sample;
}
