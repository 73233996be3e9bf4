using System.Text;
using Hospitality.Reports.Charts;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Html;

namespace Hospitality.Reports.Sweeps;

/// <summary><c>summary.html</c>: the sweep summary as one self-contained page.</summary>
public static class SweepHtml
{
    /// <param name="charts">The latency chart of each scenario, in the same order (null where there is none).</param>
    /// <param name="varied">Each target against a varied setting (<see cref="SweepTargetChart"/>); none without --vary.</param>
    public static string Render(IReadOnlyList<ScenarioSweep> scenarios, IReadOnlyList<Chart?> charts, IReadOnlyList<Chart>? varied = null)
    {
        var html = new StringBuilder();
        var runs = scenarios.Sum(scenario => scenario.Runs);
        var passed = scenarios.Sum(scenario => scenario.Passed);
        var allPassed = runs > 0 && passed == runs;
        html.Append(allPassed ? "<header class=\"hero\">\n" : "<header class=\"hero failed\">\n");
        html.Append("<div class=\"hero-top\"><div>\n<div class=\"eyebrow\">Sweep summary</div>\n<h1>");
        html.Append(HtmlText.Encode($"{Units.Count(scenarios.Count)} {(scenarios.Count == 1 ? "scenario" : "scenarios")}, {Units.Count(runs)} {(runs == 1 ? "run" : "runs")}"));
        html.Append("</h1>\n<p class=\"lead\">Spreads are <span class=\"strong\">min / median / max</span> across seeds.</p>\n</div>\n<div>");
        html.Append(Badge.RunLarge(allPassed));
        html.Append("</div></div>\n<div class=\"tally hero-tally\">");
        var expected = scenarios.Sum(scenario => scenario.PassedWithExpectedFailures);
        html.Append($"<span class=\"badge pass\">{passed} pass</span><span class=\"badge expected\">{expected} of them with expected failures</span><span class=\"badge fail\">{runs - passed} fail unexpectedly</span>");
        html.Append("</div>\n</header>\n");

        if (scenarios.Count > 0)
        {
            html.Append("<section class=\"card\" id=\"overview\">\n<h2>Scenarios</h2>\n");
            var overview = new HtmlTable(("Scenario", false), ("Seeds", false), ("Runs", true), ("Passed", true), ("Converged", true), ("Wall time", true), ("Result", false));
            foreach (var scenario in scenarios)
            {
                var ok = scenario.Passed == scenario.Runs;
                overview.RowWithClass(
                    ok ? null : "failed",
                    $"<a class=\"strong\" href=\"#{HtmlText.Encode(Anchor(scenario))}\">{HtmlText.Encode(scenario.Scenario)}</a>",
                    HtmlText.Encode(SpreadText.Seeds(scenario.Seeds)),
                    HtmlText.Encode(Units.Count(scenario.Runs)),
                    HtmlText.Encode($"{scenario.Passed}/{scenario.Runs}"),
                    HtmlText.Encode($"{scenario.Converged}/{scenario.Runs}"),
                    SpreadText.Html(scenario.WallSeconds, Units.Duration),
                    Badge.Run(ok));
            }

            overview.WriteTo(html);
            html.Append("</section>\n");
        }

        if (varied is { Count: > 0 })
        {
            html.Append("<section class=\"card\" id=\"varied\">\n<h2>Targets against the varied value</h2>\n");
            foreach (var chart in varied)
            {
                html.Append("<figure>").Append(ChartRenderer.ToSvg(chart)).Append("<figcaption>").Append(HtmlText.Encode(chart.Caption)).Append("</figcaption></figure>\n");
            }

            html.Append("</section>\n");
        }

        for (var index = 0; index < scenarios.Count; index++)
        {
            WriteScenario(html, scenarios[index], charts[index]);
        }

        return HtmlPage.Render("Sweep summary", html.ToString());
    }

    private static string Anchor(ScenarioSweep scenario) => $"scenario-{Slug.Of(scenario.Scenario)}";

    private static void WriteScenario(StringBuilder html, ScenarioSweep scenario, Chart? chart)
    {
        html.Append("<section class=\"card\" id=\"").Append(HtmlText.Encode(Anchor(scenario))).Append("\">\n<h2>")
            .Append(HtmlText.Encode(scenario.Scenario)).Append(' ').Append(Badge.Run(scenario.Passed == scenario.Runs)).Append("</h2>\n");
        html.Append("<p class=\"muted\">").Append(HtmlText.Encode(
            $"{Units.Count(scenario.Runs)} {(scenario.Runs == 1 ? "run" : "runs")}, seeds {SpreadText.Seeds(scenario.Seeds)}: {scenario.Passed} pass, {scenario.Converged} converged."))
            .Append("</p>\n");

        if (scenario.Targets.Count > 0)
        {
            html.Append("<h3>Targets</h3>\n");
            var table = new HtmlTable(("Target", false), ("Expected", true), ("Measured", true), ("Pass", true), ("Fails as expected", true), ("Fail", true), ("Not measured", true));
            foreach (var target in scenario.Targets)
            {
                table.RowWithClass(
                    target.Failed > 0 ? "failed" : null,
                    $"<code>{HtmlText.Encode(target.Id)}</code><span class=\"desc\">{HtmlText.Encode(target.Description)}</span>",
                    HtmlText.Encode(target.Expected),
                    SpreadText.Html(target.Measured, value => Units.InUnit(value, target.Unit)),
                    $"<span class=\"badge {(target.Passed == target.Runs ? "pass" : "na")}\">{target.Passed}/{target.Runs}</span>",
                    target.ExpectedFailures > 0 ? $"<span class=\"badge expected\">{target.ExpectedFailures}</span>" : "0",
                    target.Failed > 0 ? $"<span class=\"badge fail\">{target.Failed}</span>" : "0",
                    HtmlText.Encode(Units.Count(target.NotMeasured)));
            }

            table.WriteTo(html);
        }

        if (scenario.Paths.Count > 0)
        {
            html.Append("<h3>Propagation latency</h3>\n");
            var table = new HtmlTable(("Path", false), ("Runs", true), ("p50", true), ("p99", true), ("Max", true));
            foreach (var path in scenario.Paths)
            {
                table.Row(
                    $"<span class=\"strong\">{HtmlText.Encode(path.Path)}</span>",
                    HtmlText.Encode(Units.Count(path.Runs)),
                    SpreadText.Html(path.P50, Units.Milliseconds),
                    SpreadText.Html(path.P99, Units.Milliseconds),
                    SpreadText.Html(path.Max, Units.Milliseconds));
            }

            table.WriteTo(html);
            if (chart is not null)
            {
                html.Append("<figure id=\"chart-").Append(HtmlText.Encode(chart.Name)).Append("\">\n");
                html.Append(ChartRenderer.ToSvg(chart)).Append('\n');
                html.Append("<figcaption>").Append(HtmlText.Encode(chart.Caption))
                    .Append(" <a href=\"").Append(HtmlText.Encode(chart.PngRelativePath)).Append("\">PNG</a></figcaption>\n</figure>\n");
            }
        }

        if (scenario.Bandwidth.Count > 0)
        {
            html.Append("<h3>Bandwidth per device per day</h3>\n");
            var table = new HtmlTable(("Device kind", false), ("Channel", false), ("Per device", true));
            foreach (var row in scenario.Bandwidth)
            {
                table.Row($"<span class=\"strong\">{HtmlText.Encode(row.DeviceKind)}</span>", HtmlText.Encode(row.Channel), SpreadText.Html(row.BytesPerDevicePerDay, Units.BytesPerDay));
            }

            table.WriteTo(html);
        }

        if (scenario.Heals.Count > 0)
        {
            html.Append("<h3>Convergence after heals</h3>\n");
            var table = new HtmlTable(("Fault", false), ("Heals", true), ("Not converged", true), ("Converged after", true));
            foreach (var heal in scenario.Heals)
            {
                table.RowWithClass(
                    heal.NotConverged > 0 ? "failed" : null,
                    HtmlText.Encode(heal.Fault),
                    HtmlText.Encode(Units.Count(heal.Heals)),
                    heal.NotConverged > 0 ? $"<span class=\"badge fail\">{heal.NotConverged}</span>" : "0",
                    SpreadText.Html(heal.ConvergedAfterSeconds, Units.Duration));
            }

            table.WriteTo(html);
        }

        if (scenario.Conflicts is { } conflicts)
        {
            html.Append("<h3>Conflicts</h3>\n");
            var table = new HtmlTable(("Per run", false), ("Min / median / max", true));
            foreach (var (figure, spread, format) in conflicts.Rows())
            {
                table.Row(HtmlText.Encode(figure), SpreadText.Html(spread, format));
            }

            table.WriteTo(html);
        }

        html.Append("</section>\n");
    }
}
