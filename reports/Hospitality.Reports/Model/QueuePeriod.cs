namespace Hospitality.Reports.Model;

/// <summary>Which part of a run a queue's figures count.</summary>
public enum QueuePeriod
{
    /// <summary>The whole run (its start-up never ended, or the run.json is older than the split).</summary>
    WholeRun,

    /// <summary>From the start to the end of every device's initial sync.</summary>
    StartUp,

    /// <summary>From the end of the start-up to the end of the run: normal operation, as the latency targets are judged.</summary>
    AfterStartUp,
}
