namespace Hospitality.Reports.Sweeps;

/// <summary>Convergence after heals of one fault across runs; <see cref="ConvergedAfterSeconds"/> is null when none converged within its run.</summary>
public sealed record HealSpread(string Fault, int Heals, int NotConverged, Spread? ConvergedAfterSeconds);
