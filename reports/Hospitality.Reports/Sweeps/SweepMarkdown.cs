using System.Text;
using Hospitality.Reports.Charts;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Markdown;

namespace Hospitality.Reports.Sweeps;

/// <summary><c>summary.md</c>: per scenario, the spread across seeds of latency, bandwidth, convergence and target verdicts.</summary>
public static class SweepMarkdown
{
    /// <param name="charts">The latency chart of each scenario, in the same order (null where there is none).</param>
    /// <param name="varied">Each target against a varied setting (<see cref="SweepTargetChart"/>); none without --vary.</param>
    public static string Render(IReadOnlyList<ScenarioSweep> scenarios, IReadOnlyList<Chart?> charts, IReadOnlyList<Chart>? varied = null)
    {
        var md = new StringBuilder();
        var runs = scenarios.Sum(scenario => scenario.Runs);
        var passed = scenarios.Sum(scenario => scenario.Passed);
        md.Append("# Sweep summary\n\n");
        md.Append(Units.Count(scenarios.Count)).Append(scenarios.Count == 1 ? " scenario, " : " scenarios, ")
            .Append(Units.Count(runs)).Append(runs == 1 ? " run: " : " runs: ")
            .Append(Units.Count(passed)).Append(" pass (").Append(Units.Count(scenarios.Sum(scenario => scenario.PassedWithExpectedFailures)))
            .Append(" of them with failures their scenario expects), ").Append(Units.Count(runs - passed)).Append(" fail unexpectedly.")
            .Append(" Spreads are min / median / max across seeds.\n\n");
        if (scenarios.Count == 0)
        {
            return md.ToString();
        }

        var overview = new MarkdownTable(("Scenario", false), ("Seeds", false), ("Runs", true), ("Passed", true), ("Converged", true), ("Wall time", true));
        foreach (var scenario in scenarios)
        {
            overview.Row(
                scenario.Scenario,
                SpreadText.Seeds(scenario.Seeds),
                Units.Count(scenario.Runs),
                $"{scenario.Passed}/{scenario.Runs}",
                $"{scenario.Converged}/{scenario.Runs}",
                SpreadText.Plain(scenario.WallSeconds, Units.Duration));
        }

        overview.WriteTo(md);
        md.Append('\n');
        if (varied is { Count: > 0 })
        {
            md.Append("## Targets against the varied value\n\n");
            foreach (var chart in varied)
            {
                md.Append("![").Append(chart.Caption.Replace(']', ')').Replace('[', '(')).Append("](").Append(chart.PngRelativePath).Append(")\n\n");
            }
        }

        for (var index = 0; index < scenarios.Count; index++)
        {
            WriteScenario(md, scenarios[index], charts[index]);
        }

        return md.ToString();
    }

    private static void WriteScenario(StringBuilder md, ScenarioSweep scenario, Chart? chart)
    {
        md.Append("## ").Append(scenario.Scenario.ReplaceLineEndings(" ")).Append("\n\n");
        md.Append(Units.Count(scenario.Runs)).Append(scenario.Runs == 1 ? " run" : " runs").Append(" (seeds ").Append(SpreadText.Seeds(scenario.Seeds)).Append("): ")
            .Append(scenario.Passed).Append(" pass, ").Append(scenario.Converged).Append(" converged.\n\n");

        if (scenario.Targets.Count > 0)
        {
            md.Append("### Targets\n\n");
            var table = new MarkdownTable(("Target", false), ("Expected", false), ("Measured", true), ("Pass", true), ("Fails as expected", true), ("Fail", true), ("Not measured", true));
            foreach (var target in scenario.Targets)
            {
                table.Row(
                    $"`{target.Id}`",
                    target.Expected,
                    SpreadText.Plain(target.Measured, value => Units.InUnit(value, target.Unit)),
                    $"{target.Passed}/{target.Runs}",
                    target.ExpectedFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    target.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    target.NotMeasured.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            table.WriteTo(md);
            md.Append('\n');
        }

        if (scenario.Paths.Count > 0)
        {
            md.Append("### Propagation latency\n\n");
            var table = new MarkdownTable(("Path", false), ("Runs", true), ("p50", true), ("p99", true), ("Max", true));
            foreach (var path in scenario.Paths)
            {
                table.Row(path.Path, Units.Count(path.Runs), SpreadText.Plain(path.P50, Units.Milliseconds), SpreadText.Plain(path.P99, Units.Milliseconds), SpreadText.Plain(path.Max, Units.Milliseconds));
            }

            table.WriteTo(md);
            md.Append('\n');
            if (chart is not null)
            {
                md.Append("![").Append(chart.Caption).Append("](").Append(chart.PngRelativePath).Append(")\n\n");
            }
        }

        if (scenario.Bandwidth.Count > 0)
        {
            md.Append("### Bandwidth per device per day\n\n");
            var table = new MarkdownTable(("Device kind", false), ("Channel", false), ("Per device", true));
            foreach (var row in scenario.Bandwidth)
            {
                table.Row(row.DeviceKind, row.Channel, SpreadText.Plain(row.BytesPerDevicePerDay, Units.BytesPerDay));
            }

            table.WriteTo(md);
            md.Append('\n');
        }

        if (scenario.Heals.Count > 0)
        {
            md.Append("### Convergence after heals\n\n");
            var table = new MarkdownTable(("Fault", false), ("Heals", true), ("Not converged", true), ("Converged after", true));
            foreach (var heal in scenario.Heals)
            {
                table.Row(heal.Fault, Units.Count(heal.Heals), Units.Count(heal.NotConverged), SpreadText.Plain(heal.ConvergedAfterSeconds, Units.Duration));
            }

            table.WriteTo(md);
            md.Append('\n');
        }

        if (scenario.Conflicts is { } conflicts)
        {
            md.Append("### Conflicts\n\n");
            var table = new MarkdownTable(("Per run", false), ("Min / median / max", true));
            foreach (var (figure, spread, format) in conflicts.Rows())
            {
                table.Row(figure, SpreadText.Plain(spread, format));
            }

            table.WriteTo(md);
            md.Append('\n');
        }
    }
}
