namespace Hospitality.Sync.Replication;

/// <summary>What is known of one endpoint: health, latency of its last probe, and how far behind we are.</summary>
public sealed record EndpointStats(
    string Name,
    EndpointKind Kind,
    bool Healthy,
    bool Active,
    TimeSpan? Latency,
    long? Lag,
    string? LastError);
