namespace Hospitality.Sim.Scenarios;

/// <summary>
/// A documented target from targets.yaml: the seed guide's row it comes from, the figure as written,
/// the number a measurement must not exceed, and which measurement (<see cref="Metric"/>) it is checked against.
/// </summary>
public sealed record TargetSpec(string Id, string Source, string Description, string Expected, double Limit, string Unit, string Metric);
