using Hospitality.Sim.Cli.Live;

namespace Hospitality.Sim.Tests.Cli;

public sealed class LiveMeasurementsTests
{
    private static readonly Dictionary<string, string> Roles = new() { ["tablet-1"] = "device", ["tablet-2"] = "device", ["greengrass"] = "greengrass" };

    // Two writes of tablet-1, at 1 s and 70 s: the first reached tablet-2 in 9 ms, the second in 3 ms.
    private static readonly Dictionary<string, List<StoredLine>> Logs = new()
    {
        ["tablet-1"] = [new(1_000_000, "a", "tablet-1"), new(70_000_000, "b", "tablet-1")],
        ["greengrass"] = [new(1_005_000, "a", "tablet-1"), new(70_001_000, "b", "tablet-1")],
        ["tablet-2"] = [new(1_009_000, "a", "tablet-1"), new(70_003_000, "b", "tablet-1")],
    };

    [Fact]
    public void Writes_made_during_the_warm_up_count_only_among_the_warm_ups_paths()
    {
        var writers = new HashSet<string> { "tablet-1", "tablet-2" };

        var measured = LiveMeasurements.Paths(Logs, Roles, new HashSet<string>(), writers, fromMicros: 60_000_000);
        var warming = LiveMeasurements.Paths(Logs, Roles, new HashSet<string>(), writers, untilMicros: 60_000_000);
        var all = LiveMeasurements.Paths(Logs, Roles, new HashSet<string>(), writers);

        var deviceToDevice = Assert.Single(measured, path => path.Path == "device→device");
        Assert.Equal(1, deviceToDevice.Deliveries);
        Assert.Equal(3, deviceToDevice.P50, precision: 1);
        Assert.Equal(9, Assert.Single(warming, path => path.Path == "device→device").P50, precision: 1);
        Assert.Equal(2, Assert.Single(all, path => path.Path == "device→device").Deliveries);
        Assert.Equal(1, Assert.Single(measured, path => path.Path == "device→greengrass").P50, precision: 1);
    }
}
