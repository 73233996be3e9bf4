namespace Hospitality.Sim.Kernel;

/// <summary>Something that must always hold did not: a bug in the simulator or in the engine it hosts.</summary>
public sealed class InvariantViolationException(string message) : Exception(message);
