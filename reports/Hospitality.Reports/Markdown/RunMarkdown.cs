using System.Text;
using Hospitality.Reports.Charts;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using Hospitality.Reports.Verdicts;

namespace Hospitality.Reports.Markdown;

/// <summary><c>report.md</c>: the run's summary, targets, latency, bandwidth, convergence, series and topology as Markdown tables.</summary>
public static class RunMarkdown
{
    public static string Render(RunReport report, RunCharts charts)
    {
        var md = new StringBuilder();
        var tally = TargetTally.Of(report.Targets);
        md.Append("# ").Append(OneLine(report.Scenario)).Append(" — ").Append(VerdictText.Run(report.Passed)).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(report.Description))
        {
            md.Append(report.Description.Trim()).Append("\n\n");
        }

        if (report.Live is { } live)
        {
            md.Append("**Live run**: real hotel-node processes and sockets on this machine, wall-clock times; ").Append(OneLine(live.Shaping)).Append(".\n");
            foreach (var note in live.Notes)
            {
                md.Append("- ").Append(OneLine(note)).Append('\n');
            }

            md.Append('\n');
        }

        md.Append("**").Append(VerdictText.Run(report.Passed)).Append("**: ")
            .Append(VerdictText.Convergence(report.Convergence)).Append("; ")
            .Append(tally.Sentence()).Append(".\n\n");

        WriteSummary(md, report);
        WriteTargets(md, report, charts);
        WriteLatency(md, report, charts);
        WriteTimeBreakdown(md, report);
        WriteBandwidth(md, report, charts);
        WriteConvergence(md, report);
        WriteConflicts(md, report.Conflicts);
        WriteServers(md, report.Servers);
        WriteCost(md, report.Cost);
        WriteDiscovery(md, report.Discovery);
        WritePeers(md, report.PeerToPeer);
        WriteSeries(md, charts);
        WriteTopology(md, report);
        return md.ToString();
    }

    private static void WriteSummary(StringBuilder md, RunReport report)
    {
        md.Append("## Summary\n\n");
        var table = new MarkdownTable(("", false), ("", false));
        table.Row("Scenario", $"`{report.Scenario}` from `{report.ScenarioFile}`");
        if (report.TargetsFile is { } targets)
        {
            table.Row("Targets", $"`{targets}`");
        }
        if (report.Settings.Count > 0)
        {
            table.Row("Settings", string.Join(", ", report.Settings.Select(setting => $"`{setting}`")));
        }

        table.Row("Seed", report.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.Row("Trace hash", $"`{report.TraceHash}`");
        table.Row("Virtual time", $"{Units.Duration(report.VirtualSeconds)} ({Units.Number(report.VirtualSeconds)} s)");
        if (report.WarmUpSeconds > 0)
        {
            table.Row("Warm-up", $"latency counts the writes made from {Units.Duration(report.WarmUpSeconds)} into the run on");
        }

        if (report.Disk is { } disk)
        {
            table.Row("Disk", $"each node's commits wait for an fsync of {disk}");
        }

        if (report.Machine is { } machine)
        {
            table.Row("Machine", machine);
        }

        table.Row("Wall time", WallTime(report));
        table.Row("Events", EventsText(report));
        if (report.PeakMemoryBytes > 0)
        {
            table.Row("Peak memory", Units.Bytes(report.PeakMemoryBytes));
        }

        table.Row("Devices", Units.Count(report.Topology.Devices));
        table.Row("Convergence", VerdictText.Convergence(report.Convergence));
        table.Row("Result", VerdictText.Run(report.Passed));
        table.WriteTo(md);
        md.Append('\n');
    }

    /// <summary>"41.2 s, 2,097× real time".</summary>
    public static string WallTime(RunReport report) =>
        report.WallSeconds > 0
            ? $"{Units.Duration(report.WallSeconds)}, {Units.Speed(report.VirtualSeconds / report.WallSeconds)} real time"
            : Units.Duration(report.WallSeconds);

    /// <summary>"1,317,014 (1,251,653 events/s wall)".</summary>
    public static string EventsText(RunReport report) =>
        report.WallSeconds > 0
            ? $"{Units.Count(report.Events)} ({Units.Number(report.Events / report.WallSeconds)} events/s wall)"
            : Units.Count(report.Events);

    private static void WriteTargets(StringBuilder md, RunReport report, RunCharts charts)
    {
        md.Append("## Targets\n\n");
        if (report.Targets.Count == 0)
        {
            md.Append("No documented targets apply to this scenario.\n\n");
            return;
        }

        var table = new MarkdownTable(("Target", false), ("What", false), ("Expected", false), ("Measured", true), ("Measured on", false), ("Verdict", false), ("Source", false));
        foreach (var target in report.Targets)
        {
            table.Row($"`{target.Id}`", target.Description, target.Expected, VerdictText.Measured(target), VerdictText.Of(target.Phase), Verdict(target.Verdict), target.Source);
        }

        table.WriteTo(md);
        md.Append('\n');
        foreach (var reason in report.Targets.Where(target => target.FailureExpectedBecause is not null).GroupBy(target => target.FailureExpectedBecause!))
        {
            md.Append("Expected to fail (").Append(string.Join(", ", reason.Select(target => $"`{target.Id}`"))).Append("): ")
                .Append(OneLine(reason.Key)).Append("\n\n");
        }
        Image(md, charts.Targets);
    }

    private static string Verdict(TargetVerdict verdict) => verdict switch
    {
        TargetVerdict.Pass => "✅ pass",
        TargetVerdict.Fail => "❌ **fail**",
        TargetVerdict.ExpectedFail => "⚠️ fails, as expected",
        TargetVerdict.UnexpectedPass => "❌ **expected to fail, did not**",
        _ => "➖ not measured",
    };

    private static void WriteLatency(StringBuilder md, RunReport report, RunCharts charts)
    {
        md.Append("## Propagation latency\n\n");
        if (report.Paths.Count == 0)
        {
            md.Append("No writes were delivered, so there is no latency to show.\n\n");
            return;
        }

        md.Append("Per write per replica: written on A, stored on B, in virtual time. A delivery is *normal* when no fault touched its writer or reader on the way; ")
            .Append("*during a fault* when one did; *after a fault* when written in the recovery window after a heal. Latency targets are judged on normal deliveries.\n\n");
        var table = new MarkdownTable(("Path", false), ("Phase", false), ("Deliveries", true), ("p50", true), ("p90", true), ("p99", true), ("p99.9", true), ("Max", true));
        foreach (var path in report.Paths)
        {
            table.Row(
                path.Path,
                VerdictText.Of(path.Phase),
                Units.Count(path.Deliveries),
                Units.Milliseconds(path.P50),
                Units.Milliseconds(path.P90),
                Units.Milliseconds(path.P99),
                Units.Milliseconds(path.P999),
                Units.Milliseconds(path.Max));
        }

        table.WriteTo(md);
        md.Append('\n');
        Image(md, charts.LatencyCdf);
    }

    // Hops first (where a write's time goes on its way), then the queues that explain them.
    private static void WriteTimeBreakdown(StringBuilder md, RunReport report)
    {
        var hops = HopRows.Rows(report.Hops, report.Paths).ToList();
        if (hops.Count == 0 && report.Queues.Count == 0)
        {
            return;
        }

        md.Append("## Where the time goes\n\n");
        if (hops.Count > 0)
        {
            md.Append("### Hops\n\n").Append(HopRows.Explanation).Append("\n\n");
            Table(md, HopRows.Columns, hops);
        }

        if (report.Queues.Count > 0)
        {
            md.Append("### Queues\n\n").Append(QueueRows.Explanation).Append("\n\n");
            Table(md, QueueRows.Columns, QueueRows.Rows(report.Queues));
        }
    }

    private static void WriteBandwidth(StringBuilder md, RunReport report, RunCharts charts)
    {
        md.Append("## Bandwidth\n\n");
        if (report.Bandwidth.Count == 0)
        {
            md.Append("No traffic was counted.\n\n");
            return;
        }

        md.Append("Bytes on the wire per device per day, sent + received, headers included.\n\n");
        var table = new MarkdownTable(("Device kind", false), ("Channel", false), ("Devices", true), ("Per device", true), ("All devices", true));
        foreach (var row in report.Bandwidth)
        {
            table.Row(
                row.DeviceKind,
                row.Channel,
                Units.Count(row.Devices),
                Units.BytesPerDay(row.BytesPerDevicePerDay),
                Units.BytesPerDay(row.BytesPerDevicePerDay * row.Devices));
        }

        table.WriteTo(md);
        md.Append('\n');
        Image(md, charts.Bandwidth);
        if (report.PushDeltas.Count > 0)
        {
            md.Append("### Pushes as deltas\n\n").Append(PushDeltaRows.Explanation).Append("\n\n");
            Table(md, PushDeltaRows.Columns, PushDeltaRows.Rows(report.PushDeltas));
        }
    }

    private static void WriteConvergence(StringBuilder md, RunReport report)
    {
        var convergence = report.Convergence;
        md.Append("## Convergence\n\n");
        md.Append("**").Append(convergence.Converged ? "Converged" : "Diverged").Append("**: ")
            .Append(Units.Count(convergence.Replicas)).Append(" replicas, ")
            .Append(Units.Count(convergence.AcknowledgedWrites)).Append(" acknowledged writes, ")
            .Append(Units.Count(convergence.Divergences)).Append(convergence.Divergences == 1 ? " divergence" : " divergences")
            .Append(".\n\n");
        if (convergence.FirstDivergences.Count > 0)
        {
            md.Append("First divergences:\n\n");
            foreach (var divergence in convergence.FirstDivergences)
            {
                md.Append("- `").Append(divergence.Replace('`', '\'').Replace('\n', ' ')).Append("`\n");
            }

            md.Append('\n');
        }

        if (report.Heals.Count == 0)
        {
            md.Append("No faults healed during the run.\n\n");
            return;
        }

        md.Append("### After each heal\n\n");
        var table = new MarkdownTable(("Fault", false), ("Started (h:mm:ss)", true), ("Healed (h:mm:ss)", true), ("Lasted", true), ("Converged after", true));
        foreach (var heal in report.Heals)
        {
            table.Row(
                heal.Fault,
                Units.Clock(heal.StartedAtSeconds),
                Units.Clock(heal.HealedAtSeconds),
                Units.Duration(heal.HealedAtSeconds - heal.StartedAtSeconds),
                VerdictText.ConvergedAfter(heal));
        }

        table.WriteTo(md);
        md.Append('\n');
    }

    private static void WriteDiscovery(StringBuilder md, DiscoveryReport? discovery)
    {
        var sentence = DiscoveryText.Sentence(discovery);
        md.Append("## Discovery and switch-overs\n\n").Append(char.ToUpperInvariant(sentence[0])).Append(sentence[1..]).Append(".\n\n");
        if (discovery is null || discovery.SwitchOvers.Count == 0)
        {
            return;
        }

        md.Append("Noticed: from the change (a link change, or a fault the device cannot see) to the detection that saw it; switched: from then to the replication's endpoint following the strategy (hysteresis included).\n\n");
        var table = new MarkdownTable(DiscoveryText.SwitchOverColumns.Select((header, i) => (header, i > 0)).ToArray());
        foreach (var row in DiscoveryText.SwitchOverRows(discovery))
        {
            table.Row(row);
        }

        table.WriteTo(md);
        md.Append('\n');
    }

    private static void WritePeers(StringBuilder md, PeerToPeerReport? peers)
    {
        if (peers is null)
        {
            return;
        }

        md.Append("## Peer to peer\n\n");
        foreach (var sentence in PeerText.Sentences(peers))
        {
            md.Append("- ").Append(sentence).Append(".\n");
        }

        md.Append('\n');
    }

    private static void WriteConflicts(StringBuilder md, ConflictReport? conflicts)
    {
        var sentence = ConflictText.Sentence(conflicts);
        md.Append("## Conflicts\n\n").Append(char.ToUpperInvariant(sentence[0])).Append(sentence[1..]).Append(".\n\n");
        if (conflicts is null || conflicts.ConcurrentWrites == 0)
        {
            return;
        }

        md.Append(ConflictText.Records(conflicts)).Append(".\n\n");
        md.Append("### The first ").Append(Units.Count(conflicts.Sample.Count)).Append(" of the conflict log\n\n");
        var table = new MarkdownTable(("At (h:mm:ss)", true), ("Document", false), ("Winner", false), ("Loser", false), ("Decided by", false), ("Resolved by", false));
        foreach (var sample in conflicts.Sample)
        {
            table.Row(Units.Clock(sample.AtSeconds), $"{sample.Collection}/{sample.Id}", $"`{sample.WinnerStamp}`", $"`{sample.LoserStamp}`", sample.Reason, sample.ResolvedBy);
        }

        table.WriteTo(md);
        md.Append('\n');
    }

    private static void WriteServers(StringBuilder md, IReadOnlyList<ServerReport> servers)
    {
        if (servers.Count == 0)
        {
            return;
        }

        md.Append("## Servers\n\n").Append(ServerRows.Explanation).Append("\n\n");
        Table(md, ServerRows.Columns, ServerRows.Rows(servers));
    }

    private static void WriteCost(StringBuilder md, CostReport? cost)
    {
        if (cost is null)
        {
            return;
        }

        md.Append("## Cost\n\n").Append(CostRows.Explanation(cost)).Append("\n\n");
        Table(md, CostRows.PropertyColumns, CostRows.Properties(cost));
        md.Append("### Prices\n\n");
        Table(md, CostRows.PriceColumns, CostRows.Prices(cost));
    }

    private static void Table(StringBuilder md, (string Header, bool Numeric)[] columns, IEnumerable<string[]> rows)
    {
        var table = new MarkdownTable(columns);
        foreach (var row in rows)
        {
            table.Row(row);
        }

        table.WriteTo(md);
        md.Append('\n');
    }

    private static void WriteSeries(StringBuilder md, RunCharts charts)
    {
        if (charts.Series.Count == 0)
        {
            return;
        }

        md.Append("## Over time\n\n");
        foreach (var entry in charts.Series)
        {
            md.Append("### ").Append(OneLine(entry.Series.Name));
            if (!string.IsNullOrEmpty(entry.Series.Unit))
            {
                md.Append(" (").Append(OneLine(entry.Series.Unit)).Append(')');
            }

            md.Append("\n\n");
            if (entry.Chart is null)
            {
                md.Append("No points recorded.\n\n");
            }
            else
            {
                Image(md, entry.Chart);
            }
        }
    }

    private static void WriteTopology(StringBuilder md, RunReport report)
    {
        md.Append("## Topology\n\n");
        if (report.Topology.Segments.Count == 0)
        {
            md.Append("The run reported no segments.\n\n");
            return;
        }

        var table = new MarkdownTable(("Segment", false), ("Kind", false), ("Uplink", false), ("Role", false), ("Host kind", false), ("Link", false), ("Count", true));
        foreach (var segment in report.Topology.Segments)
        {
            if (segment.Hosts.Count == 0)
            {
                table.Row(segment.Name, segment.Kind, segment.Uplink, "—", "—", "—", "0");
            }

            foreach (var group in segment.Hosts)
            {
                table.Row(segment.Name, segment.Kind, segment.Uplink, group.Role, group.Kind, group.Link, Units.Count(group.Count));
            }
        }

        table.WriteTo(md);
        md.Append('\n');
        if (report.Links.Count > 0)
        {
            md.Append("Link profiles as simulated: the scenario file's own, then each built-in one in use (latency one way, per hop):\n\n");
            var links = new MarkdownTable(LinkTable.Columns);
            foreach (var link in report.Links)
            {
                links.Row(LinkTable.Cells(link));
            }

            links.WriteTo(md);
            md.Append('\n');
        }
    }

    /// <summary>Text for a heading: on one line, so a name with a line break cannot end the heading early.</summary>
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static void Image(StringBuilder md, Chart? chart)
    {
        if (chart is null)
        {
            return;
        }

        md.Append("![").Append(chart.Caption.Replace(']', ')').Replace('[', '(')).Append("](").Append(chart.PngRelativePath).Append(")\n\n");
    }
}
