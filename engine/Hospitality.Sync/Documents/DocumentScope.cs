namespace Hospitality.Sync.Documents;

/// <summary>Which replicas hold a collection's documents.</summary>
public enum DocumentScope
{
    /// <summary>Shared by the whole chain (rate plans, whatever the workload shares): every replica holds them.</summary>
    Chain,

    /// <summary>One property's own (rooms, reservations, stock, tasks): its devices, its Greengrass and the cloud hold them.</summary>
    Property,

    /// <summary>
    /// Held by the cloud and by the properties whose documents reference it (<see cref="CollectionSchema.Reference"/>):
    /// a guest profile follows its reservations, so a property holds its own guests, not the chain's.
    /// </summary>
    Followed,
}
