using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Scenarios;

public sealed class ScenarioReaderTests
{
    private static readonly TargetCatalog Targets = TargetCatalog.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"));

    [Theory]
    [MemberData(nameof(RepositoryFiles.ScenarioFiles), MemberType = typeof(RepositoryFiles))]
    public void Every_scenario_in_the_repository_is_valid(string file)
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, file), Targets.Ids);
        Assert.NotEmpty(scenario.Targets);
        Assert.True(scenario.Devices >= 2);
    }

    [Fact]
    public void The_target_list_has_every_row_of_the_seed_tables()
    {
        // Latency (4), bandwidth (4), sync performance (4 operations x 3 methods, 9 applicable + single-doc P2P), use case 3 (2).
        Assert.True(Targets.Targets.Count >= 19, $"{Targets.Targets.Count} targets");
        Assert.All(Targets.Targets, target => Assert.Contains("/", target.Source));
    }

    [Fact]
    public void Errors_name_the_file_line_column_and_what_is_wrong_all_at_once()
    {
        const string yaml = """
            name: broken
            duration: 2h
            colour: blue
            properties:
              - name: hotel
                greengrass: false
                devices:
                  - { kind: front-desk, count: 2, link: wifii }
            faults:
              - { kind: greengrass-crash, property: hotel, at: 10m, for: 5m }
              - { kind: partition, property: nowhere, at: 3x, for: 5m, devices: 1 }
            targets: [latency.nonsense]
            """;

        var errors = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml, "broken.yaml", Targets.Ids)).Errors;

        Assert.Contains(errors, error => error is { Line: 3, Column: 1 } && error.Message.Contains("colour: unknown key", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 8 && error.Message.Contains("'wifii' is not one of", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 10 && error.Message.Contains("has no Greengrass to crash", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 11 && error.Message.Contains("'3x' is not a duration", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 11 && error.Message.Contains("no property named 'nowhere'", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Line == 12 && error.Message.Contains("no target 'latency.nonsense'", StringComparison.Ordinal));
        Assert.All(errors, error => Assert.StartsWith("broken.yaml:", error.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_warm_up_is_read_and_one_as_long_as_the_run_is_refused_with_its_line()
    {
        const string yaml = """
            name: warm
            duration: 5m
            warm-up: {0}
            properties:
              - name: hotel
                devices:
                  - {{ kind: front-desk, count: 2, link: lan }}
            targets: [latency.greengrass-lan]
            """;

        Assert.Equal(TimeSpan.FromMinutes(1), ScenarioReader.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, yaml, "1m"), "warm.yaml", Targets.Ids).WarmUp);
        Assert.Equal(TimeSpan.Zero, ScenarioReader.Parse(yaml.Replace("warm-up: {0}\n", "", StringComparison.Ordinal).Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal), "warm.yaml", Targets.Ids).WarmUp);
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, yaml, "5m"), "warm.yaml", Targets.Ids)).Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("warm-up: 00:05:00 leaves nothing to measure in a run of 00:05:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disk_is_read_from_its_fsync_quantiles_and_falling_ones_are_refused_with_their_line()
    {
        const string yaml = """
            name: disk
            duration: 5m
            properties:
              - name: hotel
                devices:
                  - { kind: front-desk, count: 2, link: lan }
            targets: [latency.greengrass-lan]
            disk:
              fsync: { min: 0.2ms, p50: 0.4ms, p90: 1ms, p99: 16ms, max: 60ms }
            """;

        var disk = ScenarioReader.Parse(yaml, "disk.yaml", Targets.Ids).Disk;
        Assert.NotNull(disk);
        Assert.Equal(TimeSpan.FromMilliseconds(0.4), disk.Median);
        Assert.Equal("min 0.2, p50 0.4, p90 1, p99 16, max 60 ms", disk.ToString());
        Assert.Null(ScenarioReader.Parse(yaml[..yaml.IndexOf("disk:", StringComparison.Ordinal)], "disk.yaml", Targets.Ids).Disk);

        var falling = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml.Replace("p99: 16ms", "p99: 0.5ms", StringComparison.Ordinal).Replace("p90: 1ms, ", "", StringComparison.Ordinal).Replace("p50: 0.4ms", "p50: 0.6ms", StringComparison.Ordinal), "disk.yaml", Targets.Ids)).Errors;
        Assert.Contains(falling, error => error.Line == 9 && error.Message.Contains("disk.fsync.p99: 0.5 ms is shorter than a lower quantile's 0.6 ms", StringComparison.Ordinal));
        var missing = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(yaml.Replace("max: 60ms", "maximum: 60ms", StringComparison.Ordinal), "disk.yaml", Targets.Ids)).Errors;
        Assert.Contains(missing, error => error.Message.Contains("disk.fsync.max is required", StringComparison.Ordinal));
        Assert.Contains(missing, error => error.Message.Contains("disk.fsync.maximum: unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void Yaml_that_does_not_parse_is_reported_with_its_position()
    {
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => ScenarioReader.Parse("name: x\nproperties: [\n  - {", "bad.yaml")).Errors);
        Assert.Equal("bad.yaml", error.File);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("24h", 86400)]
    [InlineData("500ms", 0.5)]
    [InlineData("1d", 86400)]
    public void Durations_read_as_written(string text, double seconds)
    {
        var scenario = ScenarioReader.Parse($"name: x\nduration: {text}\nproperties: [{{ name: p, devices: [{{ kind: manager, count: 2 }}] }}]", "x.yaml");
        Assert.Equal(seconds, scenario.Duration.TotalSeconds);
    }

    [Property(MaxTest = 300)]
    public Property Arbitrary_text_is_refused_with_a_scenario_error_never_another_exception() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            try
            {
                ScenarioReader.Parse(text ?? "", "fuzz.yaml");
                return true;
            }
            catch (ScenarioException exception)
            {
                return exception.Errors.Count > 0;
            }
        });

    [Property(MaxTest = 1000)]
    public Property A_valid_scenario_with_one_line_damaged_is_refused_cleanly_or_still_valid() =>
        Prop.ForAll(Gen.Choose(0, 40).Zip(Gen.Elements("", ":", "- ", "{", "]", "count: -1", "  x: y", "\t", "duration: forever")).ToArbitrary(), damage =>
        {
            var lines = File.ReadAllLines(Path.Combine(RepositoryFiles.ScenariosDirectory, "check-in-rush.yaml")).ToList();
            var (line, text) = damage;
            lines[line % lines.Count] = text;
            try
            {
                ScenarioReader.Parse(string.Join('\n', lines), "damaged.yaml", Targets.Ids);
            }
            catch (ScenarioException exception)
            {
                Assert.All(exception.Errors, error => Assert.True(error.Line >= 0));
            }
        });
}
