using System.Net;
using HdrHistogram;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Metrics;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Servers;

/// <summary>
/// A simulated server's one processor: each piece of work takes its <see cref="ServiceTimes"/> and
/// waits behind the work queued before it (first come, first served), so a busy Greengrass answers
/// late. It counts what it did, per kind and per client's property (the cost section prices them),
/// its busy time (utilisation over time) and how long work queued.
/// </summary>
public sealed class SimNodeProcessor : INodeProcessor
{
    private const long HighestMicroseconds = 3_600_000_000;
    private static readonly int KindCount = Enum.GetValues<NodeWorkKind>().Length;

    private readonly Simulation _simulation;
    private readonly ServiceTimes _times;
    private readonly long[] _work = new long[KindCount];
    private readonly long[] _documents = new long[KindCount];
    private readonly Func<IPAddress, int> _propertyOf;
    private readonly Dictionary<int, long[]> _byProperty = [];
    private readonly LongHistogram _queueWait = new(HighestMicroseconds, 2);
    private readonly StageTiming[]? _timings;
    private readonly SimRandom _disk;
    private readonly SharedMachine? _machine;
    private SimTime _busyUntil = SimTime.Zero;

    /// <summary>A processor whose clients' property (0 when none) <paramref name="propertyOf"/> tells from their address.</summary>
    /// <param name="timings">Where its waits and service times are recorded per kind of work (shared by the nodes of a role); null: not recorded.</param>
    /// <param name="node">The node's name, which names the random stream its disk draws from (<see cref="ServiceTimes.Disk"/>).</param>
    /// <param name="machine">The machine every node shares (<see cref="ServiceTimes.OneMachineCores"/>); null: the node's own.</param>
    public SimNodeProcessor(Simulation simulation, ServiceTimes times, Func<IPAddress, int> propertyOf, StageTiming[]? timings = null, string node = "", SharedMachine? machine = null)
    {
        Invariant.Holds(timings is null || timings.Length == KindCount, "a processor's timings name every kind of work");
        _simulation = simulation;
        _times = times;
        _propertyOf = propertyOf;
        _timings = timings;
        _disk = simulation.Random($"disk:{node}");
        _machine = machine;
    }

    /// <summary>Processor time spent since the start: the integral of utilisation.</summary>
    public TimeSpan Busy { get; private set; }

    /// <summary>Pieces of work of one kind done (or queued) since the start.</summary>
    public long Work(NodeWorkKind kind) => _work[(int)kind];

    public long Documents(NodeWorkKind kind) => _documents[(int)kind];

    /// <summary>Pieces of work of one kind done for the clients of one property (1-based).</summary>
    public long Work(NodeWorkKind kind, int property) => _byProperty.TryGetValue(property, out var counts) ? counts[(int)kind] : 0;

    /// <summary>How long work waited behind other work before the processor took it, in microseconds.</summary>
    public LongHistogram QueueWait => _queueWait;

    public ValueTask RunAsync(NodeWork work, CancellationToken cancellationToken)
    {
        Invariant.Holds(work.Documents >= 0, "server work carries a negative number of documents");
        var time = _times.Time(work.Kind, work.Documents, _disk);
        var now = _simulation.Now;
        var start = _busyUntil > now ? _busyUntil : now;
        if (_machine is null)
        {
            _busyUntil = start + time.Total;
        }
        else
        {
            var computed = _machine.Run(start, time.Processor);
            _busyUntil = time.Fsync > TimeSpan.Zero ? _machine.Sync(computed, time.Fsync) : computed;
        }

        var service = _busyUntil - start;
        Busy += service;
        _work[(int)work.Kind]++;
        _documents[(int)work.Kind] += work.Documents;
        var property = _propertyOf(work.Peer.Address);
        if (!_byProperty.TryGetValue(property, out var counts))
        {
            counts = new long[KindCount];
            _byProperty.Add(property, counts);
        }

        counts[(int)work.Kind]++;
        _queueWait.RecordValue(Math.Min(HighestMicroseconds, (long)(start - now).TotalMicroseconds));
        _timings?[(int)work.Kind].Record((start - now).Ticks, service.Ticks);
        return new ValueTask(_simulation.Clock.Delay(_busyUntil - now, cancellationToken));
    }
}
