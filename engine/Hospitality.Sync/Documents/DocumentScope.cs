namespace Hospitality.Sync.Documents;

/// <summary>Which replicas hold a collection's documents.</summary>
public enum DocumentScope
{
    /// <summary>Shared by the whole chain (guest profiles, rate plans): every replica holds them.</summary>
    Chain,

    /// <summary>One property's own (rooms, reservations, stock, tasks): its devices, its Greengrass and the cloud hold them.</summary>
    Property,
}
