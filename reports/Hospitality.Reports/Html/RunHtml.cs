using System.Globalization;
using System.Text;
using Hospitality.Reports.Charts;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using Hospitality.Reports.Verdicts;

namespace Hospitality.Reports.Html;

/// <summary><c>report.html</c>: the content of <c>report.md</c> as one self-contained page, charts inline as SVG.</summary>
public static class RunHtml
{
    public static string Render(RunReport report, RunCharts charts)
    {
        var body = new StringBuilder();
        WriteHero(body, report);
        WriteNavigation(body, report, charts);
        WriteTargets(body, report, charts);
        WriteLatency(body, report, charts);
        WriteTimeBreakdown(body, report);
        WriteBandwidth(body, report, charts);
        WriteConvergence(body, report);
        WriteConflicts(body, report.Conflicts);
        WriteServers(body, report.Servers);
        WriteCost(body, report.Cost);
        WriteDiscovery(body, report.Discovery);
        WritePeers(body, report.PeerToPeer);
        WriteSeries(body, charts);
        WriteTopology(body, report);
        return HtmlPage.Render($"{report.Scenario} (seed {report.Seed.ToString(CultureInfo.InvariantCulture)}) — {VerdictText.Run(report.Passed)}", body.ToString());
    }

    private static void WriteHero(StringBuilder html, RunReport report)
    {
        var tally = TargetTally.Of(report.Targets);
        html.Append(report.Passed ? "<header class=\"hero\">\n" : "<header class=\"hero failed\">\n");
        html.Append("<div class=\"hero-top\"><div>\n");
        html.Append("<div class=\"eyebrow\">Scenario run report</div>\n");
        html.Append("<h1>").Append(HtmlText.Encode(report.Scenario)).Append("</h1>\n");
        if (!string.IsNullOrWhiteSpace(report.Description))
        {
            html.Append("<p class=\"lead\">").Append(HtmlText.Encode(report.Description.Trim())).Append("</p>\n");
        }

        if (report.Live is { } live)
        {
            html.Append("<p class=\"lead\"><strong>Live run</strong>: real hotel-node processes and sockets on this machine, wall-clock times; ")
                .Append(HtmlText.Encode(live.Shaping)).Append(". ").Append(HtmlText.Encode(string.Join(" ", live.Notes))).Append("</p>\n");
        }

        html.Append("</div>\n<div>").Append(Badge.RunLarge(report.Passed)).Append("</div></div>\n");
        html.Append("<p class=\"verdict-line\">").Append(Badge.Convergence(report.Convergence.Converged)).Append(' ')
            .Append(HtmlText.Encode(tally.Sentence())).Append(".</p>\n");

        html.Append("<div class=\"facts\">\n");
        Fact(html, "Seed", report.Seed.ToString(CultureInfo.InvariantCulture), null, mono: true);
        Fact(html, "Trace hash", report.TraceHash, null, mono: true);
        Fact(html, "Virtual time", Units.Duration(report.VirtualSeconds), $"{Units.Number(report.VirtualSeconds)} s");
        if (report.WarmUpSeconds > 0)
        {
            Fact(html, "Warm-up", Units.Duration(report.WarmUpSeconds), "latency counts the writes made after it");
        }

        if (report.Disk is { } disk)
        {
            Fact(html, "Disk", disk, "each node's commits wait for an fsync drawn from these");
        }

        if (report.Machine is { } machine)
        {
            Fact(html, "Machine", machine, "its cores and its disk are shared");
        }

        Fact(
            html,
            "Wall time",
            Units.Duration(report.WallSeconds),
            report.WallSeconds > 0 ? $"{Units.Speed(report.VirtualSeconds / report.WallSeconds)} real time" : null);
        Fact(
            html,
            "Events",
            Units.Count(report.Events),
            report.WallSeconds > 0 ? $"{Units.Number(report.Events / report.WallSeconds)} events/s" : null);
        if (report.PeakMemoryBytes > 0)
        {
            Fact(html, "Peak memory", Units.Bytes(report.PeakMemoryBytes), null);
        }

        Fact(html, "Devices", Units.Count(report.Topology.Devices), $"{Units.Count(report.Topology.Segments.Count)} segments");
        Fact(html, "Scenario file", report.ScenarioFile, null, mono: true, wide: true);
        if (report.TargetsFile is { } targets)
        {
            Fact(html, "Targets file", targets, null, mono: true, wide: true);
        }

        if (report.Settings.Count > 0)
        {
            Fact(html, "Settings", string.Join(", ", report.Settings), null, mono: true, wide: true);
        }
        html.Append("</div>\n</header>\n");
    }

    private static void Fact(StringBuilder html, string label, string value, string? sub, bool mono = false, bool wide = false)
    {
        html.Append(wide ? "<div class=\"fact wide\">" : "<div class=\"fact\">").Append("<div class=\"label\">").Append(HtmlText.Encode(label)).Append("</div>");
        html.Append(mono ? "<div class=\"value mono\">" : "<div class=\"value\">").Append(HtmlText.Encode(value)).Append("</div>");
        if (sub is not null)
        {
            html.Append("<div class=\"sub\">").Append(HtmlText.Encode(sub)).Append("</div>");
        }

        html.Append("</div>\n");
    }

    private static void WriteNavigation(StringBuilder html, RunReport report, RunCharts charts)
    {
        html.Append("<nav class=\"toc\">");
        html.Append("<a href=\"#targets\">Targets</a>");
        html.Append("<a href=\"#latency\">Latency</a>");
        if (report.Hops.Count > 0 || report.Queues.Count > 0)
        {
            html.Append("<a href=\"#time\">Where the time goes</a>");
        }

        html.Append("<a href=\"#bandwidth\">Bandwidth</a>");
        html.Append("<a href=\"#convergence\">Convergence</a>");
        html.Append("<a href=\"#conflicts\">Conflicts</a>");
        if (report.Servers.Count > 0)
        {
            html.Append("<a href=\"#servers\">Servers</a>");
        }

        if (report.Cost is not null)
        {
            html.Append("<a href=\"#cost\">Cost</a>");
        }
        if (charts.Series.Count > 0)
        {
            html.Append("<a href=\"#over-time\">Over time</a>");
        }

        html.Append("<a href=\"#topology\">Topology</a>");
        html.Append("<a href=\"run.json\">run.json</a>");
        html.Append("<a href=\"report.md\">report.md</a>");
        html.Append("</nav>\n");
    }

    private static void WriteTargets(StringBuilder html, RunReport report, RunCharts charts)
    {
        var tally = TargetTally.Of(report.Targets);
        html.Append("<section class=\"card\" id=\"targets\">\n<h2>Targets</h2>\n");
        if (report.Targets.Count == 0)
        {
            html.Append("<p class=\"empty\">No documented targets apply to this scenario.</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"tally\">");
        html.Append($"<span class=\"badge pass\">{tally.Passed} pass</span>");
        html.Append($"<span class=\"badge fail\">{tally.Failed} fail</span>");
        if (tally.ExpectedFailures > 0)
        {
            html.Append($"<span class=\"badge expected\">{tally.ExpectedFailures} fail as expected</span>");
        }

        if (tally.UnexpectedPasses > 0)
        {
            html.Append($"<span class=\"badge fail\">{tally.UnexpectedPasses} expected to fail, did not</span>");
        }

        html.Append($"<span class=\"badge na\">{tally.NotMeasured} not measured</span>");
        html.Append("</div>\n");

        var table = new HtmlTable(("Target", false), ("Expected", true), ("Measured", true), ("Measured on", false), ("Verdict", false), ("Source", false));
        foreach (var target in report.Targets)
        {
            var because = target.FailureExpectedBecause is { } reason ? $"<span class=\"desc\">{HtmlText.Encode(reason)}</span>" : "";
            table.RowWithClass(
                target.FailsTheRun ? "failed" : null,
                $"<code>{HtmlText.Encode(target.Id)}</code><span class=\"desc\">{HtmlText.Encode(target.Description)}</span>",
                HtmlText.Encode(target.Expected),
                $"<span class=\"strong\">{HtmlText.Encode(VerdictText.Measured(target))}</span>",
                HtmlText.Encode(VerdictText.Of(target.Phase)),
                Badge.Of(target.Verdict) + because,
                $"<span class=\"muted small\">{HtmlText.Encode(target.Source)}</span>");
        }

        table.WriteTo(html, "targets");
        Figure(html, charts.Targets);
        html.Append("</section>\n");
    }

    private static void WriteLatency(StringBuilder html, RunReport report, RunCharts charts)
    {
        html.Append("<section class=\"card\" id=\"latency\">\n<h2>Propagation latency</h2>\n");
        if (report.Paths.Count == 0)
        {
            html.Append("<p class=\"empty\">No writes were delivered, so there is no latency to show.</p>\n</section>\n");
            return;
        }

        html.Append("<p class=\"muted\">Per write per replica: written on A at t0, stored on B at t1, in virtual time (HdrHistogram percentiles). ")
            .Append("A delivery is <em>normal</em> when no fault touched its writer or reader on the way, <em>during a fault</em> when one did, ")
            .Append("<em>after a fault</em> when written in the recovery window after a heal. Latency targets are judged on normal deliveries.</p>\n");
        var table = new HtmlTable(("Path", false), ("Phase", false), ("Deliveries", true), ("p50", true), ("p90", true), ("p99", true), ("p99.9", true), ("Max", true));
        foreach (var path in report.Paths)
        {
            table.Row(
                $"<span class=\"strong\">{HtmlText.Encode(path.Path)}</span>",
                HtmlText.Encode(VerdictText.Of(path.Phase)),
                HtmlText.Encode(Units.Count(path.Deliveries)),
                HtmlText.Encode(Units.Milliseconds(path.P50)),
                HtmlText.Encode(Units.Milliseconds(path.P90)),
                $"<span class=\"strong\">{HtmlText.Encode(Units.Milliseconds(path.P99))}</span>",
                HtmlText.Encode(Units.Milliseconds(path.P999)),
                HtmlText.Encode(Units.Milliseconds(path.Max)));
        }

        table.WriteTo(html);
        Figure(html, charts.LatencyCdf);
        html.Append("</section>\n");
    }

    private static void WriteBandwidth(StringBuilder html, RunReport report, RunCharts charts)
    {
        html.Append("<section class=\"card\" id=\"bandwidth\">\n<h2>Bandwidth</h2>\n");
        if (report.Bandwidth.Count == 0)
        {
            html.Append("<p class=\"empty\">No traffic was counted.</p>\n</section>\n");
            return;
        }

        html.Append("<p class=\"muted\">Bytes on the wire per device per day, sent + received, headers included.</p>\n");
        var table = new HtmlTable(("Device kind", false), ("Channel", false), ("Devices", true), ("Per device", true), ("All devices", true));
        foreach (var row in report.Bandwidth)
        {
            table.Row(
                $"<span class=\"strong\">{HtmlText.Encode(row.DeviceKind)}</span>",
                HtmlText.Encode(row.Channel),
                HtmlText.Encode(Units.Count(row.Devices)),
                $"<span class=\"strong\">{HtmlText.Encode(Units.BytesPerDay(row.BytesPerDevicePerDay))}</span>",
                HtmlText.Encode(Units.BytesPerDay(row.BytesPerDevicePerDay * row.Devices)));
        }

        table.WriteTo(html);
        Figure(html, charts.Bandwidth);
        if (report.PushDeltas.Count > 0)
        {
            html.Append("<h3>Pushes as deltas</h3>\n<p class=\"muted\">").Append(HtmlText.Encode(PushDeltaRows.Explanation)).Append("</p>\n");
            Table(html, PushDeltaRows.Columns, PushDeltaRows.Rows(report.PushDeltas));
        }

        html.Append("</section>\n");
    }

    private static void WriteConvergence(StringBuilder html, RunReport report)
    {
        var convergence = report.Convergence;
        html.Append("<section class=\"card\" id=\"convergence\">\n<h2>Convergence ")
            .Append(Badge.Convergence(convergence.Converged)).Append("</h2>\n");
        html.Append("<p>")
            .Append(HtmlText.Encode(Units.Count(convergence.Replicas))).Append(" replicas, ")
            .Append(HtmlText.Encode(Units.Count(convergence.AcknowledgedWrites))).Append(" acknowledged writes, ")
            .Append(convergence.Divergences == 0 ? "no divergences" : $"<span class=\"strong\">{HtmlText.Encode(Units.Count(convergence.Divergences))} divergence{(convergence.Divergences == 1 ? "" : "s")}</span>")
            .Append(".</p>\n");
        if (convergence.FirstDivergences.Count > 0)
        {
            html.Append("<p class=\"muted\">First divergences:</p>\n<ul class=\"divergences\">\n");
            foreach (var divergence in convergence.FirstDivergences)
            {
                html.Append("<li><code>").Append(HtmlText.Encode(divergence)).Append("</code></li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("<h3>After each heal</h3>\n");
        if (report.Heals.Count == 0)
        {
            html.Append("<p class=\"empty\">No faults healed during the run.</p>\n</section>\n");
            return;
        }

        var table = new HtmlTable(("Fault", false), ("Started (h:mm:ss)", true), ("Healed (h:mm:ss)", true), ("Lasted", true), ("Converged after", true));
        foreach (var heal in report.Heals)
        {
            table.RowWithClass(
                heal.ConvergedAfterSeconds is null ? "failed" : null,
                HtmlText.Encode(heal.Fault),
                HtmlText.Encode(Units.Clock(heal.StartedAtSeconds)),
                HtmlText.Encode(Units.Clock(heal.HealedAtSeconds)),
                HtmlText.Encode(Units.Duration(heal.HealedAtSeconds - heal.StartedAtSeconds)),
                heal.ConvergedAfterSeconds is null
                    ? Badge.NotConverged()
                    : $"<span class=\"strong\">{HtmlText.Encode(VerdictText.ConvergedAfter(heal))}</span>");
        }

        table.WriteTo(html);
        html.Append("</section>\n");
    }

    private static void WriteServers(StringBuilder html, IReadOnlyList<ServerReport> servers)
    {
        if (servers.Count == 0)
        {
            return;
        }

        html.Append("<section class=\"card\" id=\"servers\">\n<h2>Servers</h2>\n<p class=\"muted\">").Append(HtmlText.Encode(ServerRows.Explanation)).Append("</p>\n");
        Table(html, ServerRows.Columns, ServerRows.Rows(servers));
        html.Append("</section>\n");
    }

    private static void WriteTimeBreakdown(StringBuilder html, RunReport report)
    {
        var hops = HopRows.Rows(report.Hops, report.Paths).ToList();
        if (hops.Count == 0 && report.Queues.Count == 0)
        {
            return;
        }

        html.Append("<section class=\"card\" id=\"time\">\n<h2>Where the time goes</h2>\n");
        if (hops.Count > 0)
        {
            html.Append("<h3>Hops</h3>\n<p class=\"muted\">").Append(HtmlText.Encode(HopRows.Explanation)).Append("</p>\n");
            Table(html, HopRows.Columns, hops);
        }

        if (report.Queues.Count > 0)
        {
            html.Append("<h3>Queues</h3>\n<p class=\"muted\">").Append(HtmlText.Encode(QueueRows.Explanation)).Append("</p>\n");
            Table(html, QueueRows.Columns, QueueRows.Rows(report.Queues));
        }

        html.Append("</section>\n");
    }

    private static void WriteCost(StringBuilder html, CostReport? cost)
    {
        if (cost is null)
        {
            return;
        }

        html.Append("<section class=\"card\" id=\"cost\">\n<h2>Cost</h2>\n<p class=\"muted\">").Append(HtmlText.Encode(CostRows.Explanation(cost))).Append("</p>\n");
        Table(html, CostRows.PropertyColumns, CostRows.Properties(cost));
        html.Append("<h3>Prices</h3>\n");
        Table(html, CostRows.PriceColumns, CostRows.Prices(cost));
        html.Append("</section>\n");
    }

    private static void Table(StringBuilder html, (string Header, bool Numeric)[] columns, IEnumerable<string[]> rows)
    {
        var table = new HtmlTable(columns);
        foreach (var row in rows)
        {
            table.Row(row.Select(HtmlText.Encode).ToArray());
        }

        table.WriteTo(html);
    }

    private static void WritePeers(StringBuilder html, PeerToPeerReport? peers)
    {
        if (peers is null)
        {
            return;
        }

        html.Append("<section class=\"card\" id=\"peers\">\n<h2>Peer to peer</h2>\n<ul>\n");
        foreach (var sentence in PeerText.Sentences(peers))
        {
            html.Append("<li>").Append(HtmlText.Encode(sentence)).Append(".</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void WriteDiscovery(StringBuilder html, DiscoveryReport? discovery)
    {
        var sentence = DiscoveryText.Sentence(discovery);
        html.Append("<section class=\"card\" id=\"discovery\">\n<h2>Discovery and switch-overs</h2>\n<p>")
            .Append(HtmlText.Encode(char.ToUpperInvariant(sentence[0]) + sentence[1..])).Append(".</p>\n");
        if (discovery is not null && discovery.SwitchOvers.Count > 0)
        {
            html.Append("<p class=\"muted\">Noticed: from the change to the detection that saw it; switched: from then to the replication's endpoint following the strategy (hysteresis included).</p>\n");
            var table = new HtmlTable(DiscoveryText.SwitchOverColumns.Select((header, i) => (header, i > 0)).ToArray());
            foreach (var row in DiscoveryText.SwitchOverRows(discovery))
            {
                table.Row(row.Select(HtmlText.Encode).ToArray());
            }

            table.WriteTo(html);
        }

        html.Append("</section>\n");
    }

    private static void WriteConflicts(StringBuilder html, ConflictReport? conflicts)
    {
        var sentence = ConflictText.Sentence(conflicts);
        html.Append("<section class=\"card\" id=\"conflicts\">\n<h2>Conflicts</h2>\n<p>")
            .Append(HtmlText.Encode(char.ToUpperInvariant(sentence[0]) + sentence[1..])).Append(".</p>\n");
        if (conflicts is null || conflicts.ConcurrentWrites == 0)
        {
            html.Append("</section>\n");
            return;
        }

        html.Append("<p class=\"muted\">").Append(HtmlText.Encode(ConflictText.Records(conflicts))).Append(".</p>\n");
        html.Append("<h3>The first ").Append(HtmlText.Encode(Units.Count(conflicts.Sample.Count))).Append(" of the conflict log</h3>\n");
        var table = new HtmlTable(("At (h:mm:ss)", true), ("Document", false), ("Winner", false), ("Loser", false), ("Decided by", false), ("Resolved by", false));
        foreach (var sample in conflicts.Sample)
        {
            table.Row(
                HtmlText.Encode(Units.Clock(sample.AtSeconds)),
                HtmlText.Encode($"{sample.Collection}/{sample.Id}"),
                $"<code>{HtmlText.Encode(sample.WinnerStamp)}</code>",
                $"<code>{HtmlText.Encode(sample.LoserStamp)}</code>",
                HtmlText.Encode(sample.Reason),
                HtmlText.Encode(sample.ResolvedBy));
        }

        table.WriteTo(html);
        html.Append("</section>\n");
    }

    private static void WriteSeries(StringBuilder html, RunCharts charts)
    {
        if (charts.Series.Count == 0)
        {
            return;
        }

        html.Append("<section class=\"card\" id=\"over-time\">\n<h2>Over time</h2>\n");
        foreach (var entry in charts.Series)
        {
            if (entry.Chart is null)
            {
                html.Append("<h3>").Append(HtmlText.Encode(entry.Series.Name)).Append("</h3>\n");
                html.Append("<p class=\"empty\">No points recorded.</p>\n");
            }
            else
            {
                Figure(html, entry.Chart);
            }
        }

        html.Append("</section>\n");
    }

    private static void WriteTopology(StringBuilder html, RunReport report)
    {
        html.Append("<section class=\"card\" id=\"topology\">\n<h2>Topology</h2>\n");
        if (report.Topology.Segments.Count == 0)
        {
            html.Append("<p class=\"empty\">The run reported no segments.</p>\n</section>\n");
            return;
        }

        var table = new HtmlTable(("Segment", false), ("Kind", false), ("Uplink", false), ("Role", false), ("Host kind", false), ("Link", false), ("Count", true));
        foreach (var segment in report.Topology.Segments)
        {
            var first = true;
            foreach (var group in segment.Hosts)
            {
                table.Row(
                    first ? $"<span class=\"strong\">{HtmlText.Encode(segment.Name)}</span>" : "",
                    first ? HtmlText.Encode(segment.Kind) : "",
                    first ? HtmlText.Encode(segment.Uplink) : "",
                    HtmlText.Encode(group.Role),
                    HtmlText.Encode(group.Kind),
                    HtmlText.Encode(group.Link),
                    HtmlText.Encode(Units.Count(group.Count)));
                first = false;
            }

            if (first)
            {
                table.Row($"<span class=\"strong\">{HtmlText.Encode(segment.Name)}</span>", HtmlText.Encode(segment.Kind), HtmlText.Encode(segment.Uplink), "—", "—", "—", "0");
            }
        }

        table.WriteTo(html);
        if (report.Links.Count > 0)
        {
            html.Append("<p>Link profiles as simulated: the scenario file's own, then each built-in one in use (latency one way, per hop):</p>\n");
            var links = new HtmlTable(LinkTable.Columns);
            foreach (var link in report.Links)
            {
                links.Row(LinkTable.Cells(link).Select(HtmlText.Encode).ToArray());
            }

            links.WriteTo(html);
        }

        html.Append("</section>\n");
    }

    private static void Figure(StringBuilder html, Chart? chart)
    {
        if (chart is null)
        {
            return;
        }

        html.Append("<figure id=\"chart-").Append(HtmlText.Encode(chart.Name)).Append("\">\n");
        html.Append(ChartRenderer.ToSvg(chart)).Append('\n');
        html.Append("<figcaption>").Append(HtmlText.Encode(chart.Caption))
            .Append(" <a href=\"").Append(HtmlText.Encode(chart.PngRelativePath)).Append("\">PNG</a></figcaption>\n");
        html.Append("</figure>\n");
    }
}
