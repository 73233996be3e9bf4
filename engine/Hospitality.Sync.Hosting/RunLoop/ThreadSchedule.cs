namespace Hospitality.Sync.Hosting.RunLoop;

/// <summary>
/// The loop thread's time by the OS scheduler since the loop finished its previous callback (so it
/// covers the thread's wake-up and this callback's run): on a CPU, and runnable but waiting for one.
/// What is left of the window was spent blocked, idle or in I/O such as an fsync.
/// </summary>
internal readonly record struct ThreadSchedule(TimeSpan OnCpu, TimeSpan Runnable);
