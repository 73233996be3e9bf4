using Hospitality.Reports.Model;
using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Scenarios;

public sealed class ScenarioExpectationTests
{
    private static readonly TargetCatalog Targets = TargetCatalog.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"));

    private const string TwoTablets = """
        name: expecting
        duration: 2m
        properties:
          - name: inn
            devices: [{ kind: front-desk, count: 2, link: lan }]
        """;

    [Fact]
    public void Expect_reads_the_targets_and_the_reason()
    {
        var scenario = ScenarioReader.Parse(TwoTablets + """

            targets: [latency.greengrass-lan, bandwidth.small-hotel]
            expect: { fail: [bandwidth.small-hotel], because: "a Greengrass costs more than 5 MB a day" }
            """, "expecting.yaml", Targets.Ids);

        Assert.Equal("a Greengrass costs more than 5 MB a day", scenario.Expect.Because("bandwidth.small-hotel", seed: 7));
        Assert.Null(scenario.Expect.Because("latency.greengrass-lan", seed: 7));
    }

    [Fact]
    public void A_list_of_expectations_may_name_the_seeds_a_failure_shows_on()
    {
        var scenario = ScenarioReader.Parse(TwoTablets + """

            targets: [latency.greengrass-lan, bandwidth.small-hotel]
            expect:
              - { fail: [bandwidth.small-hotel], because: "always" }
              - { fail: [latency.greengrass-lan], seeds: [2, 3], because: "on unlucky draws" }
            """, "expecting.yaml", Targets.Ids);

        Assert.Equal("always", scenario.Expect.Because("bandwidth.small-hotel", seed: 1));
        Assert.Null(scenario.Expect.Because("latency.greengrass-lan", seed: 1));
        Assert.Equal("on unlucky draws", scenario.Expect.Because("latency.greengrass-lan", seed: 3));
    }

    [Fact]
    public void Expect_refuses_unknown_targets_and_a_missing_reason_with_their_positions()
    {
        var errors = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(TwoTablets + """

            targets: [latency.greengrass-lan]
            expect:
              fail: [latency.nonsense, bandwidth.small-hotel]
            """, "expecting.yaml", Targets.Ids)).Errors;

        Assert.Contains(errors, error => error is { Line: 8, Column: 10 } && error.Message.Contains("'latency.nonsense' is not one of this scenario's targets (latency.greengrass-lan)", StringComparison.Ordinal));
        Assert.Contains(errors, error => error is { Line: 8, Column: 28 } && error.Message.Contains("'bandwidth.small-hotel' is not one of this scenario's targets", StringComparison.Ordinal));
        Assert.Contains(errors, error => error is { Line: 8 } && error.Message.Contains("expect.because is required", StringComparison.Ordinal));
    }

    /// <summary>
    /// One real run judged against a target no delivery can meet (0 ms) and one any can: undeclared,
    /// the strict one fails the run; declared, it reads "fails, as expected" and the run passes; a
    /// declared failure of the loose one, which passes, fails the run.
    /// </summary>
    [Fact]
    public void A_declared_failure_is_reported_as_expected_and_an_undeclared_or_unmet_one_fails_the_run()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("hsim-expect-").FullName, "targets.yaml");
        File.WriteAllText(file, """
            targets:
              - { id: strict, source: "test", description: "no time at all", expected: "0 ms", limit: 0, unit: ms, metric: "path-p50:device→device" }
              - { id: loose, source: "test", description: "a day", expected: "< 1 day", limit: 86400000, unit: ms, metric: "path-p50:device→device" }
            """);
        var targets = TargetCatalog.Read(file);
        var scenario = ScenarioReader.Parse(TwoTablets + """

            workload: { rhythm: flat, per-room-per-day: { check-in: 20, check-out: 20, reservation: 20 } }
            targets: [strict, loose]
            """, "expecting.yaml", targets.Ids);

        var undeclared = ScenarioRun.Execute(scenario, 1, targets);
        var declared = ScenarioRun.Execute(scenario with { Expect = new ScenarioExpectation([new ExpectedFailure(["strict"], "nothing arrives in 0 ms")]) }, 1, targets);
        var unmet = ScenarioRun.Execute(scenario with { Expect = new ScenarioExpectation([new ExpectedFailure(["loose"], "it will not")]) }, 1, targets);

        Assert.Equal([TargetVerdict.Fail, TargetVerdict.Pass], undeclared.Targets.Select(target => target.Verdict));
        Assert.False(undeclared.Passed);
        Assert.Equal([TargetVerdict.ExpectedFail, TargetVerdict.Pass], declared.Targets.Select(target => target.Verdict));
        Assert.Equal("nothing arrives in 0 ms", declared.Targets[0].FailureExpectedBecause);
        Assert.True(declared.Passed);
        Assert.Equal([TargetVerdict.Fail, TargetVerdict.UnexpectedPass], unmet.Targets.Select(target => target.Verdict));
        Assert.False(unmet.Passed);
        Assert.Equal(undeclared.TraceHash, declared.TraceHash);
        Assert.Contains("\"verdict\": \"expected-fail\"", declared.ToJson(), StringComparison.Ordinal);
    }
}
