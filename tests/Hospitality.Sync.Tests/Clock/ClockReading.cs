using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Tests.Clock;

/// <summary>
/// One reading taken in a <see cref="SkewedClockWorld"/>, with what the checks need beside it: the
/// node's physical time when it was taken, the fastest physical clock any node had shown by then,
/// and the remote stamp it observed (none for a local event).
/// </summary>
public sealed record ClockReading(
    int Node,
    HlcTimestamp Stamp,
    long PhysicalMilliseconds,
    long FastestPhysicalMilliseconds,
    HlcTimestamp? Observed);
