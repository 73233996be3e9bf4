using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Servers;

/// <summary>
/// One machine that every node of a world runs on, as <c>hsim live</c> runs them: beside its own run
/// loop, a node's work waits for a free core and its commit's fsync for the one disk. A hotel's nodes
/// each have their own; this is for checking the model against a live run on one machine.
/// </summary>
public sealed class SharedMachine
{
    private readonly SimTime[] _coreFree;
    private SimTime _diskFree = SimTime.Zero;

    public SharedMachine(int cores)
    {
        Invariant.Holds(cores >= 1, "a machine has at least one core");
        _coreFree = Enumerable.Repeat(SimTime.Zero, cores).ToArray();
    }

    /// <summary>Processor work ready at <paramref name="ready"/>, on the core that frees first: when it ends.</summary>
    public SimTime Run(SimTime ready, TimeSpan processor)
    {
        var core = 0;
        for (var i = 1; i < _coreFree.Length; i++)
        {
            if (_coreFree[i] < _coreFree[core])
            {
                core = i;
            }
        }

        var start = _coreFree[core] > ready ? _coreFree[core] : ready;
        _coreFree[core] = start + processor;
        return _coreFree[core];
    }

    /// <summary>An fsync issued at <paramref name="ready"/>, behind the disk's earlier ones: when it ends.</summary>
    public SimTime Sync(SimTime ready, TimeSpan fsync)
    {
        var start = _diskFree > ready ? _diskFree : ready;
        _diskFree = start + fsync;
        return _diskFree;
    }
}
