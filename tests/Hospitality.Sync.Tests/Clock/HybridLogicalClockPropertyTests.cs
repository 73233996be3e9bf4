using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Hospitality.Sync.Tests.Clock;

/// <summary>
/// Four nodes with physical clocks up to ±10 minutes off true time, stepping forward and back,
/// interleaving local events, sends and late, out-of-order deliveries.
/// </summary>
public sealed class HybridLogicalClockPropertyTests
{
    [Property(MaxTest = 500)]
    public Property Readings_strictly_increase_on_every_node_under_skew_and_backward_jumps() =>
        Prop.ForAll(ClockScript.Arbitrary, script =>
            SkewedClockWorld.Run(script)
                .GroupBy(reading => reading.Node)
                .All(node => node.Zip(node.Skip(1)).All(pair => pair.Second.Stamp > pair.First.Stamp)));

    [Property(MaxTest = 500)]
    public Property A_reading_after_observing_a_remote_stamp_is_greater_than_it() =>
        Prop.ForAll(ClockScript.Arbitrary, script =>
            SkewedClockWorld.Run(script)
                .Where(reading => reading.Observed is not null)
                .All(reading => reading.Stamp > reading.Observed!.Value));

    /// <summary>
    /// The wall time never falls behind the node's own physical clock and never runs ahead of the
    /// fastest physical clock seen anywhere (scripts are too short to overflow a counter).
    /// </summary>
    [Property(MaxTest = 500)]
    public Property Wall_time_stays_between_the_own_and_the_fastest_physical_clock() =>
        Prop.ForAll(ClockScript.Arbitrary, script =>
            SkewedClockWorld.Run(script).All(reading =>
                reading.Stamp.WallMilliseconds >= reading.PhysicalMilliseconds
                && reading.Stamp.WallMilliseconds <= reading.FastestPhysicalMilliseconds));
}
