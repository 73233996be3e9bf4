namespace Hospitality.Sim.Kernel;

/// <summary>One structured trace line: when, what kind of fact, and its details.</summary>
public readonly record struct TraceRecord(SimTime Time, string Category, string Detail);
