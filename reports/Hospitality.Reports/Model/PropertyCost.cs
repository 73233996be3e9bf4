namespace Hospitality.Reports.Model;

/// <summary>
/// One property's month at the run's rate: requests the cloud answered for it, live messages it
/// streamed to it, bytes each way between them, what the metered ones cost, its fixed items, the
/// total, and the seed guide's total for a property of its topology (null where it gives none).
/// </summary>
public sealed record PropertyCost(
    string Property,
    string Topology,
    double Requests,
    double Messages,
    double CloudToPropertyBytes,
    double PropertyToCloudBytes,
    double Metered,
    double Fixed,
    double Total,
    double? SeedTotal);
