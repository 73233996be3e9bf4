namespace Hospitality.Reports.Model;

/// <summary>Which part of a run a target's figure comes from.</summary>
public enum TargetPhase
{
    /// <summary>Deliveries while no fault touched their path (a latency target about normal operation).</summary>
    NormalOperation,

    /// <summary>How long after each heal the backlog took to arrive everywhere (the offline-queue targets).</summary>
    Heals,

    /// <summary>The whole run, faults included (bandwidth per device per day).</summary>
    WholeRun,

    /// <summary>Each device's first sync after it started.</summary>
    StartUp,

    /// <summary>The simulator does not measure this target yet.</summary>
    NotSimulated,
}
