namespace Hospitality.Sync.Hosting.RunLoop;

/// <summary>
/// What a <see cref="NodeRunLoop"/> reports as slow: every callback that ran or waited at least
/// <paramref name="Threshold"/> goes to <paramref name="Report"/>, called on the loop, so it must be quick.
/// </summary>
internal sealed record SlowTaskWatch(TimeSpan Threshold, Action<SlowTask> Report)
{
    /// <summary>Also read the OS scheduler's view of the loop's thread: one small read per callback, so off by default.</summary>
    public bool WithScheduler { get; init; }
}
