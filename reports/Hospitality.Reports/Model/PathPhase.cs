namespace Hospitality.Reports.Model;

/// <summary>Which deliveries a path's figures count, relative to the faults that touched the path.</summary>
public enum PathPhase
{
    /// <summary>No fault touched the writer or the reader while the write was on its way.</summary>
    Normal,

    /// <summary>A fault touching the writer or the reader was active while the write was on its way.</summary>
    DuringFault,

    /// <summary>Written within the recovery window after such a fault healed.</summary>
    AfterFault,
}
