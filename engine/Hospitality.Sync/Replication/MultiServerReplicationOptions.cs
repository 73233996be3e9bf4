using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Replication;

/// <summary>Options of <see cref="MultiServerReplication"/>: the seed's createMultiServerReplication, in C#.</summary>
public sealed record MultiServerReplicationOptions
{
    /// <summary>The upstreams to choose from; the healthy one of highest priority (then lowest latency) is used.</summary>
    public required IReadOnlyList<ReplicationEndpoint> Endpoints { get; init; }

    /// <summary>How often every endpoint's health is probed (a health request on a fresh connection).</summary>
    public TimeSpan HealthProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A probe without an answer in this time counts as a failure.</summary>
    public TimeSpan HealthProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Fallback endpoints (lower priority than the active one) are probed every this many rounds
    /// (15 minutes at the default interval) while the active session is live; every round once it is not.
    /// Each probe is a fresh connection from every device, so a resort of 500 tablets probing the
    /// cloud every minute opened 720,000 connections a day to learn nothing (every 5 minutes, they
    /// were still an eighth of a simulated resort's events); a fallback found healthy minutes ago is
    /// still used at once when the active endpoint fails, and is probed every round from then on.
    /// </summary>
    public int FallbackProbeEvery { get; init; } = 180;

    /// <summary>
    /// TCP keepalive of the active session, a backstop behind <see cref="LiveHeartbeat"/>: the upstream's
    /// beacons keep the connection from ever idling this long, so it fires only if they stop. Three
    /// probes 1 s apart: a Wi-Fi roam does not end a session.
    /// </summary>
    public TcpKeepAlive LiveKeepAlive { get; init; } = new(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(1), 3);

    /// <summary>
    /// TCP keepalive of a session with a cloud endpoint. Failover is from a Greengrass to the cloud,
    /// so nothing waits on noticing a vanished cloud within 16 s, while over the internet each probe
    /// is paid for: with 13 s, probes were most of a small hotel's idle day. 30 s idle and 3 probes
    /// 2 s apart notice it within 36 s, at less than half the probes.
    /// </summary>
    public TcpKeepAlive CloudKeepAlive { get; init; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), 3);

    /// <summary>
    /// The active session asks its upstream to beacon after this long without streaming anything (an
    /// upstream that cannot is asked for its health instead), and gives up after <see cref="HealthProbeTimeout"/>
    /// more of silence: a Greengrass that vanished or whose service hangs is noticed within 27 s. Each
    /// beacon is one frame and its acknowledgement, where a health request was three frames every 14 s:
    /// an idle device's liveness costs a third of the frames. Under the network detector's probe
    /// interval (30 s), so the session has always heard a Greengrass more recently than a probe would
    /// and the detector spares its probe.
    /// </summary>
    public TimeSpan LiveHeartbeat { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// The beacon interval of a session with a cloud endpoint: over the internet each one is paid for, the
    /// detector probes the cloud only once a minute, and <see cref="CloudKeepAlive"/> notices a vanished cloud.
    /// </summary>
    public TimeSpan CloudHeartbeat { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive failed probes before an endpoint is unhealthy (one blip does not cause a failover).</summary>
    public int FailuresBeforeUnhealthy { get; init; } = 2;

    /// <summary>Consecutive good probes before a better endpoint is used again (failback without flapping).</summary>
    public int SuccessesBeforeHealthy { get; init; } = 2;

    /// <summary>Batch sizes, timeouts and backoff of the replicator that talks to the chosen endpoint.</summary>
    public ReplicatorOptions Replicator { get; init; } = new() { Upstream = "unset", Host = "unset" };
}
