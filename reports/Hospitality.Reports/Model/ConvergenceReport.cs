namespace Hospitality.Reports.Model;

/// <summary>The oracle's verdict at the end of the run: every replica equals last-write-wins of every acknowledged write.</summary>
public sealed record ConvergenceReport(bool Converged, int AcknowledgedWrites, int Replicas, int Divergences, IReadOnlyList<string> FirstDivergences);
