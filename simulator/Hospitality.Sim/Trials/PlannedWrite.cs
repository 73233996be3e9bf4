namespace Hospitality.Sim.Trials;

/// <summary>A write (or delete) a node makes at a virtual time; <see cref="Value"/> varies the body.</summary>
public sealed record PlannedWrite(double At, string Node, string Collection, string Id, bool Delete, int Value);
