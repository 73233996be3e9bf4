using System.Globalization;
using System.Text;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Markdown;
using Hospitality.Reports.Sweeps;

namespace Hospitality.Reports.Comparisons;

/// <summary>A <see cref="RunComparison"/> as Markdown: what ran on each side, then targets and paths, before beside after.</summary>
public static class ComparisonMarkdown
{
    public static string Render(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var md = new StringBuilder();
        md.Append("# Comparison\n\n");
        var sides = new MarkdownTable(("", false), ("before", false), ("after", false));
        sides.Row("from", comparison.Before, comparison.After);
        sides.Row("scenario", comparison.Sides[0].Variant, comparison.Sides[1].Variant);
        sides.Row("runs (seeds)", Runs(comparison.Sides[0]), Runs(comparison.Sides[1]));
        sides.Row("converged", Units.Count(comparison.Sides[0].Converged), Units.Count(comparison.Sides[1].Converged));
        if (comparison.Sides[0].Runs == 1 && comparison.Sides[1].Runs == 1)
        {
            var (before, after) = (comparison.Sides[0].TraceHashes[0], comparison.Sides[1].TraceHashes[0]);
            sides.Row("trace hash", $"`{before}`", before == after ? $"`{after}` (the same run)" : $"`{after}`");
        }

        sides.WriteTo(md);
        md.Append('\n');
        var regressed = comparison.Targets.Where(target => target.Regressed).Select(target => target.Id).ToList();
        var improved = comparison.Targets.Where(target => target.Improved).Select(target => target.Id).ToList();
        md.Append(regressed.Count == 0 ? "No target regressed" : $"**Regressed: {string.Join(", ", regressed)}**")
            .Append(improved.Count == 0 ? "." : $"; improved: {string.Join(", ", improved)}.").Append("\n\n");

        md.Append("## Targets\n\n");
        var targets = new MarkdownTable(("target", false), ("limit", false), ("before", true), ("after", true), ("change (median)", true), ("within limit before", true), ("within limit after", true), ("", false));
        foreach (var target in comparison.Targets)
        {
            targets.Row(
                target.Id,
                target.Expected,
                Figure(target.Before.Measured, target.Unit),
                Figure(target.After.Measured, target.Unit),
                Change(target.Before.Measured, target.After.Measured),
                Within(target.Before),
                Within(target.After),
                target.Regressed ? "REGRESSED" : target.Improved ? "improved" : "");
        }

        targets.WriteTo(md);
        md.Append("\n## Latency, normal deliveries\n\n");
        var paths = new MarkdownTable(("path", false), ("p50 before", true), ("p50 after", true), ("p99 before", true), ("p99 after", true), ("p99 change (median)", true));
        foreach (var path in comparison.Paths)
        {
            paths.Row(path.Path, Figure(path.Before.P50, "ms"), Figure(path.After.P50, "ms"), Figure(path.Before.P99, "ms"), Figure(path.After.P99, "ms"), Change(path.Before.P99, path.After.P99));
        }

        paths.WriteTo(md);
        if (comparison.Bandwidth.Count > 0)
        {
            md.Append("\n## Bytes per device per day\n\n");
            var bytes = new MarkdownTable(("device kind", false), ("channel", false), ("before", true), ("after", true), ("change (median)", true));
            foreach (var row in comparison.Bandwidth)
            {
                bytes.Row(row.DeviceKind, row.Channel, Figure(row.Before, Units.Bytes), Figure(row.After, Units.Bytes), Change(row.Before, row.After));
            }

            bytes.WriteTo(md);
        }

        if (comparison.Heals.Count > 0)
        {
            md.Append("\n## Convergence after each heal\n\n");
            var heals = new MarkdownTable(("fault", false), ("heals before", true), ("heals after", true), ("converged after, before", true), ("converged after, after", true), ("change (median)", true));
            foreach (var heal in comparison.Heals)
            {
                heals.Row(heal.Fault, Heals(heal.Before), Heals(heal.After), Figure(heal.Before.ConvergedAfterSeconds, Units.Duration), Figure(heal.After.ConvergedAfterSeconds, Units.Duration), Change(heal.Before.ConvergedAfterSeconds, heal.After.ConvergedAfterSeconds));
            }

            heals.WriteTo(md);
        }

        return md.ToString();
    }

    private static string Runs(RunSide side) => $"{Units.Count(side.Runs)} ({string.Join(", ", side.Seeds.Select(seed => seed.ToString(CultureInfo.InvariantCulture)))})";

    private static string Heals(HealSide side) => side.NotConverged == 0 ? Units.Count(side.Heals) : $"{Units.Count(side.Heals)} ({Units.Count(side.NotConverged)} not converged)";

    private static string Within(TargetSide side) => side.Within + side.Over == 0 ? "not measured" : $"{side.Within} of {side.Within + side.Over}";

    // One run: its figure; several: median (min-max).
    private static string Figure(Spread? spread, string unit) => Figure(spread, value => Units.InUnit(value, unit));

    private static string Figure(Spread? spread, Func<double, string> format) => spread switch
    {
        null => "-",
        { Count: 1 } one => format(one.Median),
        { } many => $"{format(many.Median)} ({format(many.Min)}-{format(many.Max)})",
    };

    private static string Change(Spread? before, Spread? after)
    {
        if (before is not { } b || after is not { } a)
        {
            return "-";
        }

        if (b.Median == 0)
        {
            return a.Median == 0 ? "0%" : "-";
        }

        var change = (a.Median - b.Median) / Math.Abs(b.Median);
        return (change >= 0 ? "+" : "") + Units.Percent(change);
    }
}
