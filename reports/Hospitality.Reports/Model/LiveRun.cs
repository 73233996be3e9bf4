namespace Hospitality.Reports.Model;

/// <summary>
/// Set on a run that <c>hsim live</c> made with real hotel-node processes rather than the simulator:
/// how its links were shaped, and what it could not reproduce. Times are wall-clock, not virtual.
/// </summary>
public sealed record LiveRun(string Shaping, IReadOnlyList<string> Notes);
