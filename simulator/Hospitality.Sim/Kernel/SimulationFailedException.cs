namespace Hospitality.Sim.Kernel;

/// <summary>
/// A run failed: simulated code threw, an invariant broke, or work escaped the kernel's thread.
/// The message names the seed and the virtual instant so the run can be replayed.
/// </summary>
public sealed class SimulationFailedException : Exception
{
    public SimulationFailedException(string reason, ulong seed, SimTime time, Exception? inner = null)
        : base($"Simulation failed at t={time} (seed {seed}): {reason}", inner)
    {
        Reason = reason;
        Seed = seed;
        Time = time;
    }

    public string Reason { get; }

    public ulong Seed { get; }

    public SimTime Time { get; }
}
