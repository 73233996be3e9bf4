namespace Hospitality.Sim.Metrics;

/// <summary>
/// When a delivery happened relative to the faults that touched its path: targets about normal
/// operation are judged on <see cref="Normal"/> deliveries only.
/// </summary>
public enum DeliveryPhase
{
    /// <summary>No fault touched the writer or the reader between the write and its delivery.</summary>
    Normal,

    /// <summary>A fault touching the writer or the reader was active at some point between the write and its delivery.</summary>
    DuringFault,

    /// <summary>Written after such a fault healed, within <see cref="FaultWindow.Recovery"/> of the heal.</summary>
    AfterFault,
}
