namespace Hospitality.Sim.Trials;

/// <summary>One property of a trial world: whether it has a Greengrass, each tablet's link profile by name, and whether its tablets run P2P.</summary>
public sealed record TrialProperty(bool Greengrass, IReadOnlyList<string> Tablets, bool P2P = false);
