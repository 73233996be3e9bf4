using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.World;

/// <summary>One recorded value of one series at one instant (connected devices, queue depth, divergence).</summary>
public readonly record struct FrameSample(SimTime Time, string Series, double Value);
