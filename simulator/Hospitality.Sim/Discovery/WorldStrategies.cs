using Hospitality.Sync.Detection;

namespace Hospitality.Sim.Discovery;

/// <summary>The strategy table the hotel worlds' devices follow.</summary>
internal static class WorldStrategies
{
    /// <summary>
    /// The seed's table (batch sizes, compression, P2P) with pushes on write in every situation: the
    /// seed's documented latencies (Greengrass &lt; 50 ms, cellular &lt; 1 s) cannot hold with its 5 s
    /// and 60 s sync intervals, and the scenarios are judged against those latencies.
    /// </summary>
    public static SyncStrategyTable PushOnWrite { get; } = Live(new SyncStrategyTable(), compress: true);

    /// <summary>The same with compression off everywhere: what a scenario's <c>compression: off</c> measures against.</summary>
    public static SyncStrategyTable PushOnWriteUncompressed { get; } = Live(new SyncStrategyTable(), compress: false);

    private static SyncStrategyTable Live(SyncStrategyTable seed, bool compress) => seed with
    {
        OnProperty = seed.OnProperty with { SyncInterval = TimeSpan.Zero, Compress = compress && seed.OnProperty.Compress },
        CloudOnly = seed.CloudOnly with { SyncInterval = TimeSpan.Zero, Compress = compress && seed.CloudOnly.Compress },
        Cellular = seed.Cellular with { SyncInterval = TimeSpan.Zero, Compress = compress && seed.Cellular.Compress },
        Offline = seed.Offline with { Compress = compress && seed.Offline.Compress },
    };
}
