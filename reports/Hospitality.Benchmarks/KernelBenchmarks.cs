using BenchmarkDotNet.Attributes;
using Hospitality.Sim.Kernel;

namespace Hospitality.Benchmarks;

/// <summary>
/// Raw kernel throughput: periodic timers on the virtual clock, each firing a callback. One
/// operation is one timer event (dequeue, trace hash, callback, re-arm), so Mean is nanoseconds
/// per event and Allocated shows whether the hot path allocates.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class KernelBenchmarks
{
    private const int SmallTimers = 16;
    private const int SmallMilliseconds = 1000;
    private const int LargeTimers = 4096;
    private const int LargeMilliseconds = 25;

    private Simulation _small = null!;
    private Simulation _large = null!;
    private long _fired;

    [GlobalSetup]
    public void Setup()
    {
        _small = WithTimers(SmallTimers);
        _large = WithTimers(LargeTimers);
    }

    [Benchmark(OperationsPerInvoke = SmallTimers * SmallMilliseconds)]
    public long TimerEvents_16_timers()
    {
        _small.RunFor(TimeSpan.FromMilliseconds(SmallMilliseconds));
        return _fired;
    }

    [Benchmark(OperationsPerInvoke = LargeTimers * LargeMilliseconds)]
    public long TimerEvents_4096_timers()
    {
        _large.RunFor(TimeSpan.FromMilliseconds(LargeMilliseconds));
        return _fired;
    }

    private Simulation WithTimers(int count)
    {
        var simulation = new Simulation(1);
        for (var i = 0; i < count; i++)
        {
            // Staggered within the millisecond so the queue holds distinct due times; each fires every 1 ms.
            simulation.Clock.CreateTimer(_ => _fired++, null, TimeSpan.FromTicks(1 + (i * 7919 % 10_000)), TimeSpan.FromMilliseconds(1));
        }

        return simulation;
    }
}
