namespace Hospitality.Sync.Node.Configuration;

/// <summary>
/// A device's headless workload: room status changes at a steady rate over a set of rooms (0 writes:
/// none), or a script of timed writes (JSON lines <c>{"atMs":…,"collection":…,"id":…,"body":…}</c>)
/// played from <see cref="StartAtUnixMs"/> (hsim live plays a simulated run's writes this way).
/// </summary>
internal sealed record WorkloadSettings(int WritesPerMinute, int Rooms, int Seed, string? Script = null, long StartAtUnixMs = 0);
