using Hospitality.Sim.Kernel;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Servers;

/// <summary>
/// How long a node's processor takes for each kind of work: a fixed part plus a part per document.
/// The fixed parts of the kinds on a write's way (a device's push, the Greengrass's merge and fan-out,
/// a device's merge) are the real engine's per-hop time on the LAN, where the link is 0.2 ms on both sides,
/// measured by <c>hsim live</c> on this project's 2-core machine while it was quiet, with the nodes' code
/// optimised (no tiered compilation), less the links' delay: run-loop hops, WebSocket framing, JSON, and the SQLite commit with its fsync
/// (<c>synchronous=FULL</c>), which holds the node's one run loop.
/// The per-document parts and the other kinds come from the engine's BenchmarkDotNet figures.
/// Calibration in docs/network-model.md, "Node service time".
/// </summary>
public sealed record ServiceTimes
{
    /// <summary>A change-feed page read and encoded: 2 us per document to read (half a merge into an empty store, 4.5 us) plus 1 us to encode (a 50-document push encodes in 38-55 us).</summary>
    public WorkCost PullPage { get; init; } = new(TimeSpan.FromMicroseconds(10), TimeSpan.FromMicroseconds(3));

    /// <summary>A pushed batch received, decoded, validated and merged in one transaction with its commit: 1.65 ms (live, the LAN up hop less link and push outbox); 12 us per document more (3-7 us to decode, 7.1 us to merge a newer version).</summary>
    public WorkCost PushBatch { get; init; } = new(TimeSpan.FromMicroseconds(1_650), TimeSpan.FromMicroseconds(12));

    /// <summary>A live page sent to one subscriber: read and encoded once for all of them (ChangeFeedPageCache), so each pays for its send: 50 us (live, under strace, the Greengrass sent one change to its five subscribers within 0.2-0.5 ms); 0.2 us per document of copying.</summary>
    public WorkCost LiveFanOut { get; init; } = new(TimeSpan.FromMicroseconds(50), TimeSpan.FromMicroseconds(0.2));

    /// <summary>A health check or hello: decode, answer, encode (assumption: a socket round of 5 us dominates; not measured live).</summary>
    public WorkCost Health { get; init; } = new(TimeSpan.FromMicroseconds(5), TimeSpan.Zero);

    /// <summary>A client's merge of a pulled page or a live change, with its commit: 1.15 ms (live, the LAN down hop less link and fan-out); 10 us per document more (decode and merge).</summary>
    public WorkCost ApplyChanges { get; init; } = new(TimeSpan.FromMicroseconds(1_150), TimeSpan.FromMicroseconds(10));

    /// <summary>A client's outbox read and push encoded, from a write's commit to its push leaving: 0.2 ms (live); 3 us per document more (read and encode).</summary>
    public WorkCost PushOutbox { get; init; } = new(TimeSpan.FromMicroseconds(200), TimeSpan.FromMicroseconds(3));

    /// <summary>
    /// The median commit of this VM's disk when the fixed parts were measured, as <c>hsim disk</c> times one
    /// (its fsync and its own processor time), folded into the two kinds that commit (push batch, apply changes).
    /// </summary>
    public static readonly TimeSpan MeasuredCommit = TimeSpan.FromMicroseconds(480);

    /// <summary>
    /// The disk each commit waits for, drawn per commit in place of <see cref="MeasuredCommit"/>; null: every
    /// commit's fsync takes that median, so the model's tail is the network's alone.
    /// </summary>
    public DiskProfile? Disk { get; init; }

    /// <summary>Every node on one machine of this many cores and one disk, as <c>hsim live</c> runs them (<see cref="SharedMachine"/>); null: each node has its own.</summary>
    public int? OneMachineCores { get; init; }

    /// <summary>How much slower the node's processor is than the measuring machine's one core (1: the same; a Greengrass on a small box might be 3).</summary>
    public double Slowdown { get; init; } = 1;

    public TimeSpan Of(NodeWorkKind kind, int documents)
    {
        var cost = kind switch
        {
            NodeWorkKind.PullPage => PullPage,
            NodeWorkKind.PushBatch => PushBatch,
            NodeWorkKind.LiveFanOut => LiveFanOut,
            NodeWorkKind.ApplyChanges => ApplyChanges,
            NodeWorkKind.PushOutbox => PushOutbox,
            _ => Health,
        };
        return (cost.Fixed + (cost.PerDocument * documents)) * Slowdown;
    }

    /// <summary>
    /// <see cref="Of(NodeWorkKind, int)"/> split into the processor's part and a commit's fsync, drawn from
    /// <see cref="Disk"/> when there is one: the disk's time holds the node's run loop as the processor's
    /// does, but a slower processor does not slow it. The two add up to <see cref="Of(NodeWorkKind, int)"/> without a disk.
    /// </summary>
    public WorkTime Time(NodeWorkKind kind, int documents, SimRandom disk)
    {
        var all = Of(kind, documents);
        if (kind is not (NodeWorkKind.PushBatch or NodeWorkKind.ApplyChanges))
        {
            return new WorkTime(all, TimeSpan.Zero);
        }

        var folded = MeasuredCommit * Slowdown;
        return new WorkTime(all - folded, Disk is { } profile ? profile.Fsync(disk) : folded);
    }
}
