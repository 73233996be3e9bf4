using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Reports.JUnit;
using Hospitality.Reports.Model;
using Hospitality.Reports.Tests.Runs;

namespace Hospitality.Reports.Tests.JUnit;

public sealed class JUnitXmlTests
{
    [Fact]
    public void A_run_becomes_one_case_for_convergence_and_one_per_target_with_failures_carrying_figure_and_limit()
    {
        using var directory = new TempDirectory();
        var run = SampleRuns.GreengrassOutage();
        var path = directory.Sub("out/verdict.xml");

        JUnitXml.Write(path, "hsim run greengrass-outage seed 42", JUnitXml.Cases(run));

        var suite = XDocument.Load(path).Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal(["convergence", .. run.Targets.Select(target => target.Id)], cases.Select(each => (string)each.Attribute("name")!));
        Assert.Equal(run.Targets.Count + 1, (int)suite.Attribute("tests")!);
        Assert.Equal(1, (int)suite.Attribute("failures")!);
        Assert.Equal(1, (int)suite.Attribute("skipped")!);
        var failure = cases.Single(each => (string)each.Attribute("name")! == "latency.cloud").Element("failure")!;
        var measured = run.Targets.Single(target => target.Id == "latency.cloud").Measured!.Value;
        Assert.StartsWith($"measured {measured:G4} ms, limit 200 ms", (string)failure.Attribute("message")!, StringComparison.Ordinal);
        Assert.NotNull(cases.Single(each => (string)each.Attribute("name")! == "latency.webrtc-p2p").Element("skipped"));
        Assert.Null(cases[0].Element("failure"));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void A_run_that_did_not_converge_fails_its_convergence_case()
    {
        var run = SampleRuns.GreengrassOutage() with { Convergence = new ConvergenceReport(false, 100, 12, 3, ["rooms/101"]) };

        var convergence = JUnitXml.Cases(run)[0];

        Assert.Equal("convergence", convergence.Name);
        Assert.StartsWith("3 divergences", convergence.Failure, StringComparison.Ordinal);
    }

    /// <summary>Any run, whatever its names hold (YAML can spell control characters XML cannot), gives well-formed XML whose counts match its cases.</summary>
    [Property(MaxTest = 200)]
    public Property Every_run_gives_well_formed_junit_with_matching_counts() =>
        Prop.ForAll(RunReports.Any.ToArbitrary(), Gen.Elements("\0", "\u0001", "\uD800", "😀", "<&>\"", "").ToArbitrary(), (report, odd) =>
        {
            var run = report with { Scenario = report.Scenario + odd, Targets = report.Targets.Select(target => target with { Id = target.Id + odd }).ToList() };
            var cases = JUnitXml.Cases(run);
            var text = JUnitXml.Document("suite" + odd, cases).ToString();
            var suite = XDocument.Parse(text).Root!.Element("testsuite")!;
            return (suite.Elements("testcase").Count() == run.Targets.Count + 1
                && (int)suite.Attribute("failures")! == cases.Count(each => each.Failure is not null)
                && suite.Elements("testcase").Count(each => each.Element("failure") is not null) == cases.Count(each => each.Failure is not null)).Label(text.Length > 1_000 ? text[..1_000] : text);
        });
}
