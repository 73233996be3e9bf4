namespace Hospitality.Sync.Hosting.RunLoop;

/// <summary>
/// A callback that held a node's run loop, or waited for it, at least the loop's threshold, and what
/// the time went to: a stalled node says why instead of only being late (FoundationDB's SlowTask
/// trace events serve the same end).
/// </summary>
/// <param name="Loop">The node whose loop it was.</param>
/// <param name="Task">The async method or delegate that ran.</param>
/// <param name="Started">When it began to run.</param>
/// <param name="Waited">From being posted to beginning to run: the loop busy with earlier work, or its thread waking.</param>
/// <param name="Ran">How long it held the loop.</param>
/// <param name="GcPauses">Garbage-collection pauses of the process while it ran.</param>
/// <param name="Jit">Time the loop's thread spent compiling methods while it ran.</param>
/// <param name="Scheduled">What the OS scheduler did with the loop's thread; null unless asked for and the OS tells.</param>
internal sealed record SlowTask(
    string Loop,
    string Task,
    DateTimeOffset Started,
    TimeSpan Waited,
    TimeSpan Ran,
    TimeSpan GcPauses,
    TimeSpan Jit,
    ThreadSchedule? Scheduled);
