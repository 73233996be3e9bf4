namespace Hospitality.Sync.Node.Configuration;

/// <summary>A device's headless workload: room status changes at a steady rate over a set of rooms (0 writes: none).</summary>
internal sealed record WorkloadSettings(int WritesPerMinute, int Rooms, int Seed);
