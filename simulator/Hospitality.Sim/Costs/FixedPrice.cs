namespace Hospitality.Sim.Costs;

/// <summary>A monthly amount per property that the run cannot measure (backup storage, a shared signaling server), for properties of one topology.</summary>
public sealed record FixedPrice(string Item, double Price, PropertyTopology AppliesTo, string Source);
