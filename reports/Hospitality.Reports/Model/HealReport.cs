namespace Hospitality.Reports.Model;

/// <summary>A fault that ended, and how long after its end every replica agreed again (null: not within the run).</summary>
public sealed record HealReport(string Fault, double StartedAtSeconds, double HealedAtSeconds, double? ConvergedAfterSeconds);
