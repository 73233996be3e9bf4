using Hospitality.Sim.Network;
using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Scenarios;

public sealed class CustomLinkTests
{
    private static readonly TargetCatalog Targets = TargetCatalog.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"));

    private const string Basement = """
        name: basement
        duration: 10m
        links:
          - name: wifi-basement
            base: wifi
            latency: 4ms
            jitter: 1.5ms
            loss: 0.03
            up: 50Mbit
            down: 50Mbit
            queue: 64KiB
            wifi: { stations-per-access-point: 10, attempt-error-rate: 0.3 }
          - name: dsl
            base: broadband
            up: 1Mbit
            down: 16Mbit
          - name: dsl-lossy
            base: dsl
            loss: 0.01
        properties:
          - name: hotel
            uplink: dsl-lossy
            devices:
              - { kind: front-desk, count: 2, link: lan }
              - { kind: housekeeping, count: 3, link: wifi-basement }
        targets: [latency.greengrass-lan]
        """;

    [Fact]
    public void A_custom_link_starts_from_its_base_and_changes_only_what_it_lists()
    {
        var scenario = ScenarioReader.Parse(Basement, "basement.yaml", Targets.Ids);

        var basement = scenario.Link("wifi-basement");
        Assert.Equal(LinkProfiles.Wifi with
        {
            Name = "wifi-basement",
            BaseLatency = TimeSpan.FromMilliseconds(4),
            Jitter = TimeSpan.FromMilliseconds(1.5),
            LossRate = 0.03,
            UpBitsPerSecond = 50_000_000,
            DownBitsPerSecond = 50_000_000,
            QueueLimitBytes = 64 * 1024,
            Wifi = LinkProfiles.Wifi.Wifi! with { StationsPerAccessPoint = 10, AttemptErrorRate = 0.3 },
        }, basement);

        var lossy = scenario.Link("dsl-lossy");
        Assert.Equal(1_000_000, lossy.UpBitsPerSecond);
        Assert.Equal(0.01, lossy.LossRate);
        Assert.Equal(LinkProfiles.Broadband.BaseLatency, lossy.BaseLatency);
        Assert.Same(LinkProfiles.Lan, scenario.Link("lan"));
        Assert.Equal(["wifi-basement", "dsl", "dsl-lossy"], scenario.Links.Select(link => link.Name));
    }

    [Fact]
    public void A_scenario_on_custom_links_runs_converges_and_reports_them_in_its_topology()
    {
        var scenario = ScenarioReader.Parse(Basement, "basement.yaml", Targets.Ids);

        var report = ScenarioRun.Execute(scenario, 1, Targets);

        Assert.True(report.Convergence.Converged, string.Join(Environment.NewLine, report.Convergence.FirstDivergences));
        var building = Assert.Single(report.Topology.Segments, segment => segment.Name == "hotel");
        Assert.Equal("dsl-lossy", building.Uplink);
        Assert.Contains(building.Hosts, group => group is { Link: "wifi-basement", Count: 3 });
        Assert.Equal(["wifi-basement", "dsl", "dsl-lossy", "lan"], report.Links.Select(link => link.Name));
        Assert.Equal((4, 0.03, 50_000_000L, 10), (report.Links[0].LatencyMs, report.Links[0].LossRate, report.Links[0].UpBitsPerSecond, report.Links[0].StationsPerAccessPoint!.Value));
        Assert.Null(report.Links[1].StationsPerAccessPoint);

        var directory = Directory.CreateTempSubdirectory("hsim-links-").FullName;
        try
        {
            Hospitality.Reports.ReportWriter.WriteRun(report, directory);
            var markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
            Assert.Contains("| wifi-basement | 4.00 ms | 1.50 ms | 1.00% / 10.0 ms | 3.00% | 50.0 Mbit/s | 64 KiB | 1,500 | shared channel, 10 stations per access point, 30.0% failed attempts |", markdown);
            Assert.Contains("| dsl | 10.0 ms | 2.00 ms | 0.500% / 20.0 ms | 0.050% | 1.00 Mbit/s / 16.0 Mbit/s | 512 KiB | 1,500 | dedicated |", markdown);
            Assert.Contains("wifi-basement", File.ReadAllText(Path.Combine(directory, "report.html")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Mistakes_in_links_are_refused_with_file_line_column_all_at_once()
    {
        const string yaml = """
            name: broken-links
            duration: 10m
            links:
              - name: lan
                base: wifi
              - name: Fast_Link
                base: lan
              - name: slow
                base: fibre
                latency: 20s
                up: 5 furlongs
                queue: 1000
                colour: red
              - name: wired
                base: lan
                wifi: { stations-per-access-point: 5 }
              - name: tails
                base: wifi
                tail-scale: 50ms
                tail-max: 10ms
                wifi: { retry-limit: 0 }
            properties:
              - name: hotel
                uplink: slow
                devices:
                  - { kind: front-desk, count: 2, link: wired }
                  - { kind: manager, count: 1, link: nowhere }
            targets: [latency.greengrass-lan]
            """;

        var errors = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml, "links.yaml", Targets.Ids)).Errors;

        Assert.Contains(errors, error => error is { Line: 4, Column: 11 } && error.Message.Contains("'lan' is a built-in link profile", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 6 && error.Message.Contains("'Fast_Link' must be lower-case", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 9 && error.Message.Contains("links[2].base: 'fibre' is not a link profile", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 10 && error.Message.Contains("links[2].latency: '20s' is too long: at most 10 s one way", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 11 && error.Message.Contains("'5 furlongs' must be a bit rate", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 12 && error.Message.Contains("links[2].queue: '1000' must be a whole number of bytes from 1,500", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 13 && error.Message.Contains("colour: unknown key", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 16 && error.Message.Contains("only a link based on a Wi-Fi profile", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 17 && error.Message.Contains("tail-max: 10 ms is below tail-scale", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 21 && error.Message.Contains("retry-limit: '0' must be a whole number from 1 to 16", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 27 && error.Message.Contains("'nowhere' is not one of", StringComparison.Ordinal));
        Assert.All(errors, error => Assert.StartsWith("links.yaml:", error.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("64000", 64_000)]
    [InlineData("500kbit", 500_000)]
    [InlineData("20Mbit", 20_000_000)]
    [InlineData("1.5Gbit/s", 1_500_000_000)]
    public void Bit_rates_read_as_written(string text, long bitsPerSecond)
    {
        var scenario = ScenarioReader.Parse(
            $"name: x\nduration: 1m\nlinks: [{{ name: l, base: lan, up: {text} }}]\nproperties: [{{ name: p, devices: [{{ kind: manager, count: 2, link: l }}] }}]", "x.yaml");
        Assert.Equal(bitsPerSecond, scenario.Link("l").UpBitsPerSecond);
    }

    [Fact]
    public void A_link_from_numbers_alone_needs_no_base_and_takes_rtt_as_two_one_way_halves_and_loss_in_percent()
    {
        var scenario = ScenarioReader.Parse(
            "name: x\nduration: 1m\nlinks: [{ name: dsl, rtt: 40ms, loss: 1%, up: 2Mbit, down: 20Mbit }]\nproperties: [{ name: p, uplink: dsl, devices: [{ kind: manager, count: 2, link: lan }] }]", "x.yaml");

        var dsl = scenario.Link("dsl");

        Assert.Equal(TimeSpan.FromMilliseconds(20), dsl.BaseLatency);
        Assert.Equal(0.01, dsl.LossRate, 12);
        Assert.Equal((2_000_000L, 20_000_000L), (dsl.UpBitsPerSecond, dsl.DownBitsPerSecond));
        Assert.Equal((TimeSpan.Zero, 0.0, 0.0, 256 * 1024, 1500), (dsl.Jitter, dsl.TailProbability, dsl.DuplicationRate, dsl.QueueLimitBytes, dsl.MtuBytes));
        Assert.Null(dsl.Wifi);
    }

    [Fact]
    public void A_link_without_a_base_missing_its_numbers_or_with_bad_shares_is_refused_with_units()
    {
        const string yaml = """
            name: x
            duration: 1m
            links:
              - { name: bare, loss: 1% }
              - { name: both, base: lan, latency: 5ms, rtt: 10ms }
              - { name: lossy, base: lan, loss: 95%, duplication: lots }
              - { name: far, base: lan, rtt: 30s }
            properties: [{ name: p, devices: [{ kind: manager, count: 2, link: lan }] }]
            """;

        var errors = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml, "x.yaml")).Errors;

        Assert.Contains(errors, error => error.Line == 4 && error.Message.Contains("links[0].up is required for a link without a base (a bit rate, like 20Mbit)", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 4 && error.Message.Contains("links[0].down is required", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 4 && error.Message.Contains("give latency (one way, per hop, like 20ms) or rtt (round trip, like 40ms)", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 5 && error.Message.Contains("links[1].rtt: give latency (one way) or rtt (round trip), not both", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 6 && error.Message.Contains("links[2].loss: '95%' must be a share from 0 to 90% (like 0.01 or 1%)", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 6 && error.Message.Contains("links[2].duplication: 'lots' must be a share from 0 to 50%", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 7 && error.Message.Contains("links[3].rtt: '30s' is too long: at most 20 s round trip", StringComparison.Ordinal));
    }
}
