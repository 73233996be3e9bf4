using System.Globalization;
using System.Text.Json;
using Hospitality.Reports.Formatting;
using Hospitality.Reports.Model;
using Hospitality.Reports.Verdicts;
using Spectre.Console;

namespace Hospitality.Sim.Cli;

/// <summary>The few lines a run prints: verdict, speed, latency per path, targets.</summary>
internal static class Summary
{
    public static void Print(RunReport report, IReadOnlyList<string> written)
    {
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"{report.Variant} seed {report.Seed}: {(report.Passed ? "PASSED" : "FAILED")}  trace {report.TraceHash}"));
        Console.WriteLine(string.Create(invariant, $"  {report.VirtualSeconds / 3600:F2} virtual h in {report.WallSeconds:F1} s wall ({report.VirtualSeconds / Math.Max(report.WallSeconds, 1e-3):N0}x), {report.Events:N0} events, peak memory {report.PeakMemoryBytes / 1048576.0:N0} MiB"));
        Console.WriteLine(string.Create(invariant, $"  convergence: {(report.Convergence.Converged ? "every replica agrees" : $"{report.Convergence.Divergences} divergences")} ({report.Convergence.AcknowledgedWrites:N0} acknowledged writes, {report.Convergence.Replicas} replicas)"));
        Console.WriteLine($"  conflicts: {ConflictText.Sentence(report.Conflicts)}");
        if (report.Discovery is { } discovery)
        {
            Console.WriteLine($"  discovery: {DiscoveryText.Sentence(discovery)}");
            foreach (var row in DiscoveryText.SwitchOverRows(discovery))
            {
                Console.WriteLine(string.Create(invariant, $"  switch-over {row[0],-28} x{row[1],-5} noticed p50 {row[2],9}  max {row[3],9}  switched p50 {row[4],9}  p99 {row[5],9}  max {row[6],9}"));
            }
        }

        foreach (var sentence in report.PeerToPeer is { } peers ? PeerText.Sentences(peers) : [])
        {
            Console.WriteLine($"  p2p: {sentence}");
        }

        foreach (var path in report.Paths)
        {
            Console.WriteLine(string.Create(invariant, $"  {path.Path,-36} {VerdictText.Of(path.Phase),-15} p50 {Units.Milliseconds(path.P50),10}  p99 {Units.Milliseconds(path.P99),10}  max {Units.Milliseconds(path.Max),10}  ({path.Deliveries:N0})"));
        }

        Console.WriteLine($"  judged against {report.TargetsFile ?? "targets.yaml"}:");
        if (Console.IsOutputRedirected)
        {
            // Spectre lays a redirected table out for 80 columns, which wraps the target ids; a log file has room.
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 132);
        }

        AnsiConsole.Write(VerdictTable(report));
        foreach (var because in report.Targets.Select(target => target.FailureExpectedBecause).OfType<string>().Distinct())
        {
            Console.WriteLine($"  expected to fail: {because.ReplaceLineEndings(" ")}");
        }

        foreach (var file in written)
        {
            Console.WriteLine($"  wrote {file}");
        }
    }

    /// <summary>The verdict as a table: convergence, then each target's figure against its documented limit.</summary>
    public static Table VerdictTable(RunReport report)
    {
        var invariant = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("verdict")
            .AddColumn("check")
            .AddColumn(new TableColumn("measured").RightAligned())
            .AddColumn("documented target")
            .AddColumn("measured in");
        var convergence = report.Convergence.Converged
            ? string.Create(invariant, $"{report.Convergence.Replicas} replicas agree")
            : string.Create(invariant, $"{report.Convergence.Divergences} divergences");
        Row(table, report.Convergence.Converged ? "pass" : "FAIL", "convergence", convergence, "every replica agrees", "after the run");
        foreach (var target in report.Targets)
        {
            var measured = target.Measured is { } value ? value.ToString("G4", invariant) + " " + target.Unit : "not measured";
            Row(table, Verdict(target.Verdict), target.Id, measured, target.Expected, VerdictText.Of(target.Phase));
        }

        return table;
    }

    public static string Json(RunReport report, string directory) => JsonSerializer.Serialize(new
    {
        scenario = report.Scenario,
        settings = report.Settings,
        seed = report.Seed,
        targetsFile = report.TargetsFile,
        passed = report.Passed,
        traceHash = report.TraceHash,
        converged = report.Convergence.Converged,
        virtualSeconds = report.VirtualSeconds,
        wallSeconds = report.WallSeconds,
        events = report.Events,
        peakMemoryBytes = report.PeakMemoryBytes,
        concurrentWrites = report.Conflicts?.ConcurrentWrites,
        nodeIdTieBreaks = report.Conflicts?.ByNodeId,
        largestClockSkewMs = report.Conflicts?.LargestClockSkewMs,
        targetsFailed = report.Targets.Where(target => target.FailsTheRun).Select(target => target.Id).ToArray(),
        targetsFailedAsExpected = report.Targets.Where(target => target.Verdict == TargetVerdict.ExpectedFail).Select(target => target.Id).ToArray(),
        directory,
    });

    private static void Row(Table table, string verdict, params string[] cells)
    {
        var style = verdict switch
        {
            "pass" => new Style(Color.Green),
            "fails, as expected" or "not measured" => new Style(Color.Yellow),
            _ => new Style(Color.Red, decoration: Decoration.Bold),
        };
        table.AddRow([new Text(verdict, style), .. cells.Select(cell => new Text(cell))]);
    }

    private static string Verdict(TargetVerdict verdict) => verdict switch
    {
        TargetVerdict.Pass => "pass",
        TargetVerdict.Fail => "FAIL",
        TargetVerdict.ExpectedFail => "fails, as expected",
        TargetVerdict.UnexpectedPass => "FAIL (expected to fail, did not)",
        _ => "not measured",
    };
}
