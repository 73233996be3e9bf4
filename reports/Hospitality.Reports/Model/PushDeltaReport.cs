namespace Hospitality.Reports.Model;

/// <summary>
/// Pushes sent as deltas by the nodes of one role over the run: as a client, the writes it pushed as
/// the changed span that its upstream rebuilt, and those it pushed again whole because the upstream no
/// longer held the base; as a server, the pushed deltas it rebuilt and those it could not.
/// </summary>
public sealed record PushDeltaReport(string Role, int Nodes, long DeltasPushed, long ResentWhole, long DeltasRebuilt, long DeltasNotRebuilt);
