using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Scenarios;

public sealed class PeerSettingTests
{
    [Fact]
    public void P2p_and_client_isolation_are_off_unless_a_property_turns_them_on()
    {
        var scenario = ScenarioReader.Parse(
            """
            name: x
            duration: 1h
            properties:
              - { name: plain, devices: [{ kind: manager, count: 2 }] }
              - { name: mesh, greengrass: false, p2p: true, devices: [{ kind: manager, count: 2 }] }
              - { name: isolated, p2p: true, client-isolation: true, devices: [{ kind: manager, count: 2 }] }
            """,
            "x.yaml");

        Assert.Equal([(false, false), (true, false), (true, true)], scenario.Properties.Select(property => (property.P2P, property.ClientIsolation)));
    }

    [Fact]
    public void A_bad_p2p_or_client_isolation_value_is_refused_with_its_line()
    {
        const string yaml = """
            name: x
            duration: 1h
            properties:
              - name: hotel
                p2p: sometimes
                client-isolation: 1
                devices: [{ kind: manager, count: 2 }]
            """;

        var errors = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml, "x.yaml")).Errors;

        Assert.Contains(errors, error => error.Line == 5 && error.Message.Contains("p2p: 'sometimes' must be true or false", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 6 && error.Message.Contains("client-isolation: '1' must be true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_turns_p2p_on_from_the_command_line()
    {
        var scenario = ScenarioReader.Parse(
            """
            name: x
            duration: 1h
            properties:
              - { name: hotel, greengrass: false, devices: [{ kind: manager, count: 2 }] }
            """,
            "x.yaml",
            settings: ["properties.hotel.p2p=true"]);

        Assert.True(scenario.Properties[0].P2P);
    }
}
