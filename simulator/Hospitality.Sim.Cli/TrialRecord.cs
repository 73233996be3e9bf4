namespace Hospitality.Sim.Cli;

/// <summary>One generated trial of <c>hsim check</c>, as its shard record keeps it: enough to merge, count and reproduce.</summary>
internal sealed record TrialRecord(ulong Seed, string Plan, bool Passed, string Verdict, long Events, string TraceHash, string Reproduce);
