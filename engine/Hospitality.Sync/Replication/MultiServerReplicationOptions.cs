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
    /// TCP keepalive of the active session: how fast an upstream that vanished without a reset (power
    /// cut, crash, Wi-Fi gone) is noticed. 13 s idle and 3 probes 1 s apart keep failover within
    /// 16 s, because the probe loop acts as soon as the session fails; three lost probes in a row
    /// end a healthy session, which a Wi-Fi roam (well under a second) does not do. The probes are
    /// empty TCP segments the upstream's TCP answers: an idle tablet wakes no application for them,
    /// and they are most of what a sleeping resort's network carries, so idle is as long as 16 s allows.
    /// </summary>
    public TcpKeepAlive LiveKeepAlive { get; init; } = new(TimeSpan.FromSeconds(13), TimeSpan.FromSeconds(1), 3);

    /// <summary>
    /// TCP keepalive of a session with a cloud endpoint. Failover is from a Greengrass to the cloud,
    /// so nothing waits on noticing a vanished cloud within 16 s, while over the internet each probe
    /// is paid for: with 13 s, probes were most of a small hotel's idle day. 30 s idle and 3 probes
    /// 2 s apart notice it within 36 s, at less than half the probes.
    /// </summary>
    public TcpKeepAlive CloudKeepAlive { get; init; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), 3);

    /// <summary>
    /// The active session asks its upstream for health after this long without hearing from it, and
    /// gives up after <see cref="HealthProbeTimeout"/>: it catches an upstream whose host still
    /// answers TCP but whose service hangs. Keepalive covers a vanished one, so this can be long; at
    /// 15 s, before keepalive, idle heartbeats were most of a simulated 500-device resort's day.
    /// </summary>
    public TimeSpan LiveHeartbeat { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive failed probes before an endpoint is unhealthy (one blip does not cause a failover).</summary>
    public int FailuresBeforeUnhealthy { get; init; } = 2;

    /// <summary>Consecutive good probes before a better endpoint is used again (failback without flapping).</summary>
    public int SuccessesBeforeHealthy { get; init; } = 2;

    /// <summary>Batch sizes, timeouts and backoff of the replicator that talks to the chosen endpoint.</summary>
    public ReplicatorOptions Replicator { get; init; } = new() { Upstream = "unset", Host = "unset" };
}
