using Hospitality.Sim.Network;

namespace Hospitality.Sim.Demo;

/// <summary>What a demo run produced: its fingerprint, its size and its traffic.</summary>
public sealed record DemoResult(
    ulong Seed,
    string TraceHash,
    long Events,
    TimeSpan VirtualDuration,
    long MessagesAcknowledged,
    long DatagramsReceived,
    long AnnouncementsHeard,
    long Reconnects,
    TrafficCounters Traffic);
