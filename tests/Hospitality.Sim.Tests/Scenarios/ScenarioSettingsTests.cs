using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Scenarios;

public sealed class ScenarioSettingsTests
{
    private const string Hotel = """
        name: settings
        duration: 10m
        links:
          - { name: wifi-basement, base: wifi, loss: 0.03 }
        properties:
          - name: city-hotel
            devices:
              - { kind: front-desk, count: 2, link: lan }
              - { kind: housekeeping, count: 3, link: wifi-basement }
        workload:
          burst: { at: 5m, for: 2m, factor: 2 }
        """;

    [Fact]
    public void Settings_pick_list_items_by_name_or_index_and_add_keys_the_file_leaves_out()
    {
        var scenario = ScenarioReader.Parse(Hotel, "settings.yaml", settings:
        [
            "links.wifi-basement.loss=0.2",
            "properties.city-hotel.devices.1.count=12",
            "properties.0.greengrass=false",
            "workload.burst.factor=4",
            "workload.concurrency=0.1",
        ]);

        Assert.Equal(0.2, scenario.Link("wifi-basement").LossRate);
        Assert.Equal(12, scenario.Properties[0].Devices[1].Count);
        Assert.False(scenario.Properties[0].Greengrass);
        Assert.Equal(4, scenario.Workload.BurstFactor);
        Assert.Equal(0.1, scenario.Workload.Concurrency);
        Assert.Equal(5, scenario.Settings.Count);
    }

    [Fact]
    public void A_bad_setting_is_refused_at_the_line_of_the_value_it_replaced_or_where_its_path_stopped()
    {
        var errors = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(Hotel, "settings.yaml", settings:
        [
            "links.wifi-basement.loss=2",
            "links.wifi-attic.loss=0.1",
            "properties.city-hotel.devices.5.count=1",
            "duration.hours=2",
            "faults.0.at=1m",
            "workload.rhythm.kind=flat",
            "nonsense",
            "links.wifi-basement.jitter=forever",
        ])).Errors;

        Assert.Contains(errors, error => error.Line == 4 && error.Message.Contains("links[0].loss: '2' must be a share from 0 to 90% (like 0.01 or 1%)", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 4 && error.Message.Contains("no item 'wifi-attic' in links (items: wifi-basement)", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 8 && error.Message.Contains("no item '5' in properties.city-hotel.devices", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 2 && error.Message.Contains("duration is a single value", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Message.Contains("--set 'nonsense': must be PATH=VALUE", StringComparison.Ordinal));
        Assert.Contains(errors, error => error is { Line: 4, Column: 5 } && error.Message.Contains("links[0].jitter: 'forever' is not a duration", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 1 && error.Message.Contains("the file has no 'faults'", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 11 && error.Message.Contains("the file has no 'workload.rhythm'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_set_unknown_key_is_refused_like_one_written_in_the_file()
    {
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(Hotel, "settings.yaml", settings: ["links.wifi-basement.colour=red"])).Errors);
        Assert.Contains("links[0].colour: unknown key", error.Message, StringComparison.Ordinal);
    }
}
