using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Detection;

/// <summary>Options of <see cref="NetworkDetector"/>.</summary>
public sealed record NetworkDetectorOptions
{
    /// <summary>The cloud's replication endpoint: its health answer is "the internet is reachable".</summary>
    public required ReplicationEndpoint Cloud { get; init; }

    /// <summary>
    /// How often the detector probes while monitoring; a link change or a Greengrass found or lost probes at
    /// once. Longer than a live session's beacon interval (25 s), whose beacons spare the Greengrass probe.
    /// </summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often it probes while the link is up but no server answers (a partition, a dead uplink): the
    /// replication waits for the detector then, so this bounds how long queued writes wait after a heal.
    /// </summary>
    public TimeSpan UnreachableProbeInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// On the property the cloud's health does not change the strategy: after a probe it answered, it is
    /// probed again this long after (and at once when the Greengrass fails), not on every detection; a
    /// probe it did not answer is tried again at the next detection, on a fresh connection; a live cloud
    /// session spares the probe entirely. A device's Greengrass replicates with the cloud for it: probed
    /// once a minute, each of a resort's 500 devices asked the cloud 1,167 times a day to learn nothing
    /// (28 % of that day's simulated events). Fifteen minutes, as the replication re-probes its fallbacks.
    /// </summary>
    public TimeSpan InternetProbeInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A probe without an answer in this time failed (the replication probes' own 2 s).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>At start, how long the first strategy waits for mDNS to find the Greengrass (RFC 6762 probing and announcing take about 1 s).</summary>
    public TimeSpan InitialDiscoveryWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A worse situation must hold this long before the strategy follows: one lost probe is not an outage.</summary>
    public TimeSpan DegradeAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A better situation must hold this long before the strategy follows, so a flapping link does not thrash.</summary>
    public TimeSpan ImproveAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Leaving offline needs only this hold: nothing syncs meanwhile, so there is nothing to thrash. As
    /// long as the first strategy's wait for mDNS, so a device back on the Wi-Fi takes its Greengrass, not the cloud.
    /// </summary>
    public TimeSpan RecoverAfter { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Weight of a new sample in the smoothed latency and bandwidth (an exponentially weighted mean).</summary>
    public double SmoothingWeight { get; init; } = 0.25;

    public SyncStrategyTable Strategies { get; init; } = new();
}
