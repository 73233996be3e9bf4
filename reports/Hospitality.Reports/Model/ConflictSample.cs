namespace Hospitality.Reports.Model;

/// <summary>One resolved conflict as the engine's conflict log holds it, with the virtual time it was first resolved.</summary>
/// <param name="Reason">What decided: "later-wall-time", "higher-counter", "node-id-tie-break" or "equal-stamp-tie-break".</param>
public sealed record ConflictSample(
    double AtSeconds,
    string Collection,
    string Id,
    string WinnerStamp,
    string LoserStamp,
    string Reason,
    string ResolvedBy);
