using Hospitality.Sim.Discovery;
using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Scenarios;

public sealed class DiscoverySettingTests
{
    [Fact]
    public void Discovery_defaults_to_mdns_where_a_greengrass_exists_and_to_static_where_none_does()
    {
        var scenario = ScenarioReader.Parse(
            """
            name: x
            duration: 1h
            properties:
              - { name: with, devices: [{ kind: manager, count: 2 }] }
              - { name: without, greengrass: false, devices: [{ kind: manager, count: 2 }] }
              - { name: configured, discovery: static, compression: off, devices: [{ kind: manager, count: 2 }] }
            """,
            "x.yaml");

        Assert.Equal(
            [(DiscoveryMode.Mdns, true), (DiscoveryMode.Static, true), (DiscoveryMode.Static, false)],
            scenario.Properties.Select(property => (property.Discovery, property.Compression)));
    }

    [Fact]
    public void A_bad_discovery_or_compression_value_is_refused_with_its_line_and_the_allowed_values()
    {
        const string yaml = """
            name: x
            duration: 1h
            properties:
              - name: hotel
                discovery: bonjour
                compression: maybe
                devices: [{ kind: manager, count: 2 }]
            """;

        var errors = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml, "x.yaml")).Errors;

        Assert.Contains(errors, error => error.Line == 5 && error.Message.Contains("'bonjour' is not one of: mdns, static", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 6 && error.Message.Contains("'maybe' is not one of: on, off", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rogue_responder_needs_a_property_that_uses_mdns_and_offline_needs_devices()
    {
        const string yaml = """
            name: x
            duration: 2h
            properties:
              - { name: hotel, discovery: static, devices: [{ kind: manager, count: 2 }] }
            faults:
              - { kind: rogue-responder, property: hotel, at: 1m, for: 5m }
              - { kind: offline, property: hotel, at: 1m, for: 1h }
            """;

        var errors = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml, "x.yaml")).Errors;

        Assert.Contains(errors, error => error.Line == 6 && error.Message.Contains("does not use mDNS", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 7 && error.Message.Contains("offline needs how many devices", StringComparison.Ordinal));
    }
}
