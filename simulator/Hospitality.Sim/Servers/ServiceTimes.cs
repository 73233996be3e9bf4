using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Servers;

/// <summary>
/// How long a server's processor takes for each kind of work: a fixed part plus a part per document.
/// The defaults come from the engine's own BenchmarkDotNet figures on this project's 2-core machine
/// (README, Benchmarks; calibration in docs/network-model.md, "Server service time").
/// </summary>
public sealed record ServiceTimes
{
    /// <summary>A change-feed page read and encoded: 2 us per document to read (half a merge into an empty store, 4.5 us) plus 1 us to encode (a 50-document push encodes in 38-55 us).</summary>
    public WorkCost PullPage { get; init; } = new(TimeSpan.FromMicroseconds(10), TimeSpan.FromMicroseconds(3));

    /// <summary>A pushed batch decoded (3-7 us per document: encode + decode of 50 less the encode) and merged in one transaction (7.1 us per newer version; 8.8 us for a one-document transaction).</summary>
    public WorkCost PushBatch { get; init; } = new(TimeSpan.FromMicroseconds(9), TimeSpan.FromMicroseconds(12));

    /// <summary>A live page sent to one subscriber: the page is read and encoded once for all of them (ChangeFeedPageCache), so each pays for its send (assumption: 5 us) and 0.2 us per document of copying.</summary>
    public WorkCost LiveFanOut { get; init; } = new(TimeSpan.FromMicroseconds(5), TimeSpan.FromMicroseconds(0.2));

    /// <summary>A health check or hello: decode, answer, encode (assumption: a socket round of 5 us dominates).</summary>
    public WorkCost Health { get; init; } = new(TimeSpan.FromMicroseconds(5), TimeSpan.Zero);

    /// <summary>How much slower the server's processor is than the benchmark machine's one core (1: the same; a Greengrass on a small box might be 3).</summary>
    public double Slowdown { get; init; } = 1;

    public TimeSpan Of(ServerWorkKind kind, int documents)
    {
        var cost = kind switch
        {
            ServerWorkKind.PullPage => PullPage,
            ServerWorkKind.PushBatch => PushBatch,
            ServerWorkKind.LiveFanOut => LiveFanOut,
            _ => Health,
        };
        return (cost.Fixed + (cost.PerDocument * documents)) * Slowdown;
    }
}
