namespace Hospitality.Sim.Trials;

/// <summary>One property of a trial world: whether it has a Greengrass, and each tablet's link profile by name.</summary>
public sealed record TrialProperty(bool Greengrass, IReadOnlyList<string> Tablets);
