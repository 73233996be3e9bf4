namespace Hospitality.Sync.Replication;

/// <summary>The seed's getStats(): active endpoints, synced documents, pending writes, and per-endpoint detail.</summary>
public sealed record ReplicationStats(
    IReadOnlyList<string> ActiveEndpoints,
    long SyncedDocuments,
    int PendingCount,
    int Failovers,
    IReadOnlyList<EndpointStats> Endpoints);
