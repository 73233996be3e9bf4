namespace Hospitality.Sim.Servers;

/// <summary>The processor time one piece of work takes: a fixed part and a part per document it carries.</summary>
public readonly record struct WorkCost(TimeSpan Fixed, TimeSpan PerDocument);
