using Hospitality.Sync.Node.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>hotel-node's Node:SlowTaskMs and Node:SchedulerStatistics: what its run loop logs as slow.</summary>
public sealed class NodeSettingsSlowTaskTests
{
    [Fact]
    public void A_run_loop_task_of_50_ms_is_slow_by_default_and_the_scheduler_is_read_only_when_asked()
    {
        var (defaults, _) = Read([]);
        var (set, _) = Read(new() { ["Node:SlowTaskMs"] = "5", ["Node:SchedulerStatistics"] = "true" });

        Assert.Equal(TimeSpan.FromMilliseconds(50), defaults!.SlowTask);
        Assert.False(defaults.SchedulerStatistics);
        Assert.Equal(TimeSpan.FromMilliseconds(5), set!.SlowTask);
        Assert.True(set.SchedulerStatistics);
    }

    [Theory]
    [InlineData("Node:SlowTaskMs", "0", "Node:SlowTaskMs '0': a whole number from 1 to 600000")]
    [InlineData("Node:SlowTaskMs", "fast", "Node:SlowTaskMs 'fast': a whole number from 1 to 600000")]
    [InlineData("Node:SchedulerStatistics", "yes", "Node:SchedulerStatistics 'yes': true or false")]
    public void A_bad_slow_task_setting_is_refused_with_its_key(string key, string value, string error)
    {
        var (settings, errors) = Read(new() { [key] = value });

        Assert.Null(settings);
        Assert.Contains(error, errors);
    }

    private static (NodeSettings? Settings, IReadOnlyList<string> Errors) Read(Dictionary<string, string?> values)
    {
        values.TryAdd("Node:NodeId", "greengrass-1");
        values.TryAdd("Node:Role", "greengrass");
        values.TryAdd("Node:Cloud", "127.0.0.1:8001");
        return NodeSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
