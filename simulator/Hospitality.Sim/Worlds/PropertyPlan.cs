using Hospitality.Sim.Network;

namespace Hospitality.Sim.Worlds;

/// <summary>What one property of a generated world has: a Greengrass or not, and one link profile per tablet.</summary>
public sealed record PropertyPlan(bool HasGreengrass, IReadOnlyList<LinkProfile> Tablets);
