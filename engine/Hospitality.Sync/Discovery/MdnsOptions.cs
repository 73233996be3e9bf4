using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Discovery;

/// <summary>How a host's mDNS behaves. Defaults are RFC 6762's own figures; each says where it comes from.</summary>
public sealed record MdnsOptions
{
    /// <summary>The host name to claim, without <c>.local</c> (the Greengrass claims <c>greengrass</c>).</summary>
    public required string HostName { get; init; }

    /// <summary>RFC 6762 §10: records carrying a host name (A, SRV) live 120 s.</summary>
    public TimeSpan HostRecordTtl { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>RFC 6762 §10: other records (PTR, TXT) live 75 minutes.</summary>
    public TimeSpan OtherRecordTtl { get; init; } = TimeSpan.FromMinutes(75);

    /// <summary>RFC 6762 §8.1: three probes, 250 ms apart.</summary>
    public int ProbeCount { get; init; } = 3;

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>RFC 6762 §8.3: at least two announcements, one second apart.</summary>
    public int AnnouncementCount { get; init; } = 2;

    public TimeSpan AnnouncementInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RFC 6762 §6: a shared answer waits 20-120 ms so that answers from several responders spread out.</summary>
    public TimeSpan ResponseDelayMin { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan ResponseDelayMax { get; init; } = TimeSpan.FromMilliseconds(120);

    /// <summary>One delay between <see cref="ResponseDelayMin"/> and <see cref="ResponseDelayMax"/>, uniformly.</summary>
    internal TimeSpan DrawResponseDelay(IRandomSource random) => ResponseDelayMin + ((ResponseDelayMax - ResponseDelayMin) * random.NextDouble());

    /// <summary>RFC 6762 §5.2: a continuous query starts 1 s apart and doubles up to 60 minutes.</summary>
    public TimeSpan QueryIntervalFirst { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan QueryIntervalMax { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>
    /// RFC 6762 §10.4: records a client found stale (its connection to the service ended) are asked for again
    /// with two or more queries, here one second apart, and flushed when nothing answered within ten seconds.
    /// </summary>
    public int ReconfirmQueries { get; init; } = 2;

    public TimeSpan ReconfirmInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconfirmWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Records cached at most; a segment flooded with names cannot grow the cache further.</summary>
    public int CacheCapacity { get; init; } = 512;

    /// <summary>Renames tried after conflicts before the responder gives up on a name (RFC 6762 §9 leaves the limit to us).</summary>
    public int RenameAttemptsMax { get; init; } = 32;
}
