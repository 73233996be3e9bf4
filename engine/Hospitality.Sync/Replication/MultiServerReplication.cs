using System.Net;
using Hospitality.Sync.Detection;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Replication;

/// <summary>
/// The seed guide's createMultiServerReplication: probes every upstream's health, replicates with
/// the healthy one of highest priority (Greengrass, then cloud, then other properties, then peers;
/// lowest latency among equals), fails over when it stops answering and fails back once the better
/// one has answered again. The outbox is durable, so writes made while no upstream answers are
/// pushed when one does.
/// </summary>
/// <example>
/// <code>
/// var replication = MultiServerReplication.Create(replica, network, options, timeProvider, random);
/// await replication.StartAsync();
/// var stats = replication.GetStats(); // stats.ActiveEndpoints: ["greengrass"]
/// replication.Follow(detector);        // from now on the detector's strategy decides
/// </code>
/// </example>
public sealed class MultiServerReplication : IAsyncDisposable
{
    private readonly Replica _replica;
    private readonly INetwork _network;
    private readonly MultiServerReplicationOptions _options;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly INodeProcessor _processor;
    private readonly List<EndpointHealth> _endpoints;
    private CancellationTokenSource? _stopping;
    private Task _probing = Task.CompletedTask;
    private (EndpointHealth Endpoint, Replicator Replicator, ReplicatorOptions Options)? _active;
    private long _pushedByRetired;
    private long _pulledByRetired;
    private long _deltasPushedByRetired;
    private long _deltasResentByRetired;
    private long _round;
    private int _activeFailuresSeen;
    private NetworkDetector? _detector;
    private TaskCompletionSource _activeLeftLive = new();
    private readonly Alarm _strategyChanged;
    private string? _lastEndpoint;

    private MultiServerReplication(Replica replica, INetwork network, MultiServerReplicationOptions options, TimeProvider time, IRandomSource random, INodeProcessor? processor)
    {
        if (options.Endpoints.Count == 0 || options.Endpoints.Select(endpoint => endpoint.Name).Distinct().Count() != options.Endpoints.Count)
        {
            throw new ArgumentException("Give at least one endpoint, each with its own name.", nameof(options));
        }

        _replica = replica;
        _network = network;
        _options = options;
        _time = time;
        _random = random;
        _processor = processor ?? NodeProcessor.Unmetered;
        _endpoints = options.Endpoints.Select(endpoint => new EndpointHealth(endpoint)).ToList();
        _strategyChanged = new Alarm(time);
    }

    /// <summary>Local writes pushed as deltas that an upstream rebuilt, over every replicator this replication ran.</summary>
    public long DeltasPushed => _deltasPushedByRetired + (_active?.Replicator.DeltasPushed ?? 0);

    /// <summary>Pushed deltas an upstream could not apply (it no longer held the base), each pushed again whole, over every replicator this replication ran.</summary>
    public long DeltasResent => _deltasResentByRetired + (_active?.Replicator.DeltasResent ?? 0);

    /// <summary>The endpoint replicated with now; null before the first healthy probe.</summary>
    public string? ActiveEndpoint => _active?.Endpoint.Endpoint.Name;

    /// <summary>The compression the active session's hello agreed on (the strategy's "compress"); None while plain.</summary>
    public WireCompression Compression => _active?.Replicator.Compression ?? WireCompression.None;

    /// <summary>Switches from one endpoint to another since start.</summary>
    public int Failovers { get; private set; }

    /// <summary>Sessions restarted on the same endpoint because a new strategy changed their interval, batch size or compression.</summary>
    public int Reconfigurations { get; private set; }

    /// <summary>The strategy followed (see <see cref="Follow"/>); null while replication chooses by its own probes.</summary>
    public SyncStrategy? Strategy { get; private set; }

    /// <summary>Raised after the active endpoint changed (its new name).</summary>
    public event Action<string>? ActiveEndpointChanged;

    /// <summary>The probing loop; it faults only on a bug, so a host should observe it.</summary>
    public Task Completion => _probing;

    /// <summary>Replication of <paramref name="replica"/> with the endpoints of <paramref name="options"/>; each page merged and push encoded takes its time on <paramref name="processor"/> (the real CPU by default).</summary>
    public static MultiServerReplication Create(Replica replica, INetwork network, MultiServerReplicationOptions options, TimeProvider time, IRandomSource random, INodeProcessor? processor = null) =>
        new(replica, network, options, time, random, processor);

    /// <summary>
    /// Follows the detector's strategy from now on: its current one (offline until its first detection,
    /// so replication waits for it) and each one it switches to. A live session vouches for its endpoint:
    /// the detector does not probe the cloud while replicating with it, nor a Greengrass heard within a probe interval.
    /// </summary>
    public void Follow(NetworkDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        detector.LastHeard = (kind, address) => _active is { } active && active.Endpoint.Endpoint.Kind == kind && (address is null || active.Endpoint.Endpoint.IsAt(address))
            ? active.Replicator.LiveLastHeard
            : null;
        _detector = detector;
        if (_active is { } active)
        {
            active.Replicator.LiveHeard = detector.SessionHeard;
        }

        detector.StrategyChanged += Apply;
        Apply(detector.RecommendStrategy());
    }

    /// <summary>
    /// Replicates as <paramref name="strategy"/> says: with its primary (at <see cref="SyncStrategy.PrimaryEndPoint"/>
    /// when mDNS found the Greengrass there), its interval, batch size and compression; with no primary, not at all.
    /// </summary>
    public void Apply(SyncStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        Strategy = strategy;
        if (strategy is { Primary: EndpointKind.Greengrass, PrimaryEndPoint: { } found })
        {
            PointGreengrassAt(found);
        }

        _strategyChanged.Wake();
        _activeLeftLive.TrySetResult(); // the loop may be sleeping through idle rounds
    }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_stopping is null)
        {
            _stopping = new CancellationTokenSource();
            _probing = ProbeLoopAsync(_stopping.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (_stopping is null)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            await _probing;
        }
        catch (OperationCanceledException)
        {
        }

        await RetireActiveAsync();
        _lastEndpoint = null;
        _stopping.Dispose();
        _stopping = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    public ReplicationStats GetStats()
    {
        var active = _active;
        var endpoints = _endpoints.Select(health => new EndpointStats(
            health.Endpoint.Name,
            health.Endpoint.Kind,
            health.Healthy || (active?.Endpoint == health && active.Value.Replicator.State == ReplicatorState.Live), // following a strategy, a lone primary is not probed: its session tells
            active?.Endpoint == health,
            health.Latency,
            health.ServerSequence is { } head ? Math.Max(0, head - _replica.GetCheckpoint(health.Endpoint.Name)) : null,
            health.LastError)).ToList();
        var synced = _pushedByRetired + _pulledByRetired + (active is { } current ? current.Replicator.DocumentsPushed + current.Replicator.DocumentsPulled : 0);
        return new ReplicationStats(
            active is { } a ? [a.Endpoint.Endpoint.Name] : [],
            synced,
            _replica.OutboxCount,
            Failovers,
            endpoints);
    }

    private async Task ProbeLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            if (Strategy is { } strategy)
            {
                await FollowStrategyAsync(strategy, stopping);
                continue;
            }

            await Task.WhenAll(_endpoints.Where(ProbeDue).Select(endpoint => ProbeAsync(endpoint, stopping)));
            _round++;
            await ChooseEndpointAsync();
            await WaitForNextRoundAsync(stopping);
        }
    }

    /// <summary>
    /// One round under a strategy: replicate with its primary, or with nothing when offline, then sleep
    /// until the strategy changes. Only several endpoints of the primary's kind need probing (to choose
    /// the healthy one nearest); a single one the detector vouched for, and its session retries it alone.
    /// </summary>
    private async Task FollowStrategyAsync(SyncStrategy strategy, CancellationToken stopping)
    {
        _strategyChanged.Clear();
        var candidates = strategy.Primary is { } primary ? _endpoints.Where(health => health.Endpoint.Kind == primary).ToList() : [];
        if (candidates.Count > 1)
        {
            await Task.WhenAll(candidates.Select(endpoint => ProbeAsync(endpoint, stopping)));
        }

        var chosen = candidates.Count == 1
            ? candidates[0]
            : candidates.Where(health => health.Healthy).OrderBy(health => health.Latency ?? TimeSpan.MaxValue).FirstOrDefault()
              ?? candidates.FirstOrDefault(health => health == _active?.Endpoint);
        if (chosen is null)
        {
            await RetireActiveAsync(); // offline (or nothing of the primary's kind): stop trying; writes wait in the durable outbox
        }
        else if (chosen != _active?.Endpoint || _active?.Options != ReplicatorOptionsFor(chosen))
        {
            await ActivateAsync(chosen);
        }

        await _strategyChanged.WaitAsync(candidates.Count > 1 ? _options.HealthProbeInterval : null, stopping);
    }

    /// <summary>The Greengrass mDNS found: the configured Greengrass endpoint (its name is the checkpoint key) moved there, or a new one.</summary>
    private void PointGreengrassAt(IPEndPoint found)
    {
        var index = _endpoints.FindIndex(health => health.Endpoint.Kind == EndpointKind.Greengrass);
        var name = index >= 0 ? _endpoints[index].Endpoint.Name : "greengrass";
        var endpoint = new ReplicationEndpoint(name, EndpointKind.Greengrass, found.Address.ToString(), found.Port);
        if (index < 0)
        {
            _endpoints.Add(new EndpointHealth(endpoint));
        }
        else if (_endpoints[index].Endpoint != endpoint)
        {
            _endpoints[index] = new EndpointHealth(endpoint);
        }
    }

    // While the active session is live and nothing better exists, rounds until the next fallback
    // probe have nothing to do: sleep through them instead of waking every interval (on a resort of
    // 500 devices those empty wake-ups were a tenth of a day's events), but wake at once when the
    // session leaves Live, so a failure is acted on sooner than the next interval would.
    private async Task WaitForNextRoundAsync(CancellationToken stopping)
    {
        var idleRounds = IdleRoundsAhead();
        if (idleRounds <= 1)
        {
            await _time.Delay(_options.HealthProbeInterval, stopping);
            return;
        }

        var started = _time.GetTimestamp();
        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var delay = _time.Delay(_options.HealthProbeInterval * idleRounds, sleep.Token);

        // A completion source rather than a cancellable wait: cancelling a wait throws, and this
        // loop sleeps a few hundred thousand times in a simulated resort day.
        if (await Task.WhenAny(delay, _activeLeftLive.Task) != delay)
        {
            _activeLeftLive = new TaskCompletionSource();
            sleep.Cancel();
        }

        stopping.ThrowIfCancellationRequested();

        // The rounds slept through count as done, so the fallback schedule keeps its pace.
        var slept = (long)(_time.GetElapsedTime(started) / _options.HealthProbeInterval);
        _round += Math.Min(slept, idleRounds - 1);
    }

    /// <summary>How many intervals from now the next round could probe something; 1 if it may be the next.</summary>
    private long IdleRoundsAhead()
    {
        if (_active is not { } active || active.Replicator.State != ReplicatorState.Live
            || _endpoints.Any(health => health.Endpoint.Kind < active.Endpoint.Endpoint.Kind))
        {
            return 1;
        }

        // The round that sees a multiple of FallbackProbeEvery probes the fallbacks (see ProbeDue);
        // the ones before it are idle.
        var every = Math.Max(1, _options.FallbackProbeEvery);
        return ((every - (_round % every)) % every) + 1;
    }

    // A live session with the active endpoint already proves it healthy: its idle heartbeat and
    // requests time out if it dies. Better endpoints are probed every round (failback); worse
    // ones, the fallbacks, less often, unless the active one is in trouble. A hotel of hundreds of
    // devices would otherwise open a probe connection per endpoint per device every few seconds.
    private bool ProbeDue(EndpointHealth health)
    {
        if (_active is not { } active || active.Replicator.State != ReplicatorState.Live)
        {
            // The session itself failed: that is the active endpoint failing, no need to wait for probes to agree.
            if (_active is { } failing && health == failing.Endpoint && failing.Replicator.Failures > _activeFailuresSeen)
            {
                _activeFailuresSeen = failing.Replicator.Failures;
                health.Failed(failing.Replicator.LastError ?? "the session failed", failuresBeforeUnhealthy: 1);

                // Probing it now could not make it healthy again (that takes SuccessesBeforeHealthy
                // answers) and would hold the failover back by a probe timeout: it is probed next round.
                return false;
            }

            return true;
        }

        if (health == active.Endpoint)
        {
            health.Succeeded(active.Replicator.LastRoundTrip ?? health.Latency ?? TimeSpan.Zero, health.ServerSequence ?? 0, _options.SuccessesBeforeHealthy);
            return false;
        }

        return health.Endpoint.Kind < active.Endpoint.Endpoint.Kind || _round % _options.FallbackProbeEvery == 0;
    }

    private async Task ProbeAsync(EndpointHealth health, CancellationToken stopping)
    {
        try
        {
            var (roundTrip, lastSequence) = await HealthCheck.ProbeAsync(_network, _time, health.Endpoint.Host, health.Endpoint.Port, _options.HealthProbeTimeout, stopping, _options.Replicator.AccessToken);
            if (Buggify.Fires("multi-server.probe.lost"))
            {
                throw new ProtocolViolationException("the health answer was lost (injected)");
            }

            health.Succeeded(roundTrip, lastSequence, _options.SuccessesBeforeHealthy);
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested && exception is NetworkConnectionException or ProtocolViolationException or OperationCanceledException or ObjectDisposedException)
        {
            health.Failed(exception is OperationCanceledException ? "no answer in time" : exception.Message, _options.FailuresBeforeUnhealthy);
        }
    }

    private async Task ChooseEndpointAsync()
    {
        var best = _endpoints
            .Where(health => health.Healthy)
            .OrderBy(health => health.Endpoint.Kind)
            .ThenBy(health => health.Latency ?? TimeSpan.MaxValue)
            .FirstOrDefault();
        if (best is null || best == _active?.Endpoint)
        {
            return; // with nothing healthy, the current replicator keeps retrying and the outbox keeps growing
        }

        await ActivateAsync(best);
    }

    private ReplicatorOptions ReplicatorOptionsFor(EndpointHealth health)
    {
        var cloud = health.Endpoint.Kind == EndpointKind.Cloud;
        var options = _options.Replicator with { Upstream = health.Endpoint.Name, Host = health.Endpoint.Host, Port = health.Endpoint.Port, IdleHeartbeat = cloud ? _options.CloudHeartbeat : _options.LiveHeartbeat, HeartbeatTimeout = _options.HealthProbeTimeout, KeepAlive = cloud ? _options.CloudKeepAlive : _options.LiveKeepAlive };
        return Strategy?.ApplyTo(options) ?? options;
    }

    private async Task ActivateAsync(EndpointHealth chosen)
    {
        var sameEndpoint = chosen.Endpoint.Name == _active?.Endpoint.Endpoint.Name;
        await RetireActiveAsync();
        var options = ReplicatorOptionsFor(chosen);
        var replicator = new Replicator(_replica, _network, options, _time, _random, _processor);
        replicator.StateChanged += state =>
        {
            if (state != ReplicatorState.Live)
            {
                _activeLeftLive.TrySetResult();
            }
        };
        replicator.LiveHeard = _detector is { } detector ? detector.SessionHeard : null;
        _active = (chosen, replicator, options);
        _activeFailuresSeen = 0;
        await replicator.StartAsync();
        if (sameEndpoint)
        {
            Reconfigurations++;
            return;
        }

        if (_lastEndpoint is not null && _lastEndpoint != chosen.Endpoint.Name)
        {
            Failovers++;
            Buggify.Mark(chosen.Endpoint.Kind == EndpointKind.Greengrass ? "multi-server.failback" : "multi-server.failover");
        }

        _lastEndpoint = chosen.Endpoint.Name;
        ActiveEndpointChanged?.Invoke(chosen.Endpoint.Name);
    }

    private async Task RetireActiveAsync()
    {
        if (_active is { } active)
        {
            _active = null;
            await active.Replicator.StopAsync();
            _pushedByRetired += active.Replicator.DocumentsPushed;
            _pulledByRetired += active.Replicator.DocumentsPulled;
            _deltasPushedByRetired += active.Replicator.DeltasPushed;
            _deltasResentByRetired += active.Replicator.DeltasResent;
        }
    }

    /// <summary>The probed health of one endpoint, with hysteresis in both directions.</summary>
    private sealed class EndpointHealth(ReplicationEndpoint endpoint)
    {
        private int _failures;
        private int _successes;
        private bool _everFailed;

        public ReplicationEndpoint Endpoint { get; } = endpoint;

        public bool Healthy { get; private set; }

        public TimeSpan? Latency { get; private set; }

        public long? ServerSequence { get; private set; }

        public string? LastError { get; private set; }

        public void Succeeded(TimeSpan latency, long serverSequence, int successesBeforeHealthy)
        {
            Latency = latency;
            ServerSequence = serverSequence;
            LastError = null;
            _failures = 0;
            _successes++;

            // The very first answer counts at once: there is nothing to flap away from at start.
            Healthy |= _successes >= successesBeforeHealthy || (_successes == 1 && !_everFailed);
        }

        public void Failed(string error, int failuresBeforeUnhealthy)
        {
            LastError = error;
            _successes = 0;
            _failures++;
            _everFailed = true;
            if (_failures >= failuresBeforeUnhealthy)
            {
                Healthy = false;
            }
        }
    }
}
