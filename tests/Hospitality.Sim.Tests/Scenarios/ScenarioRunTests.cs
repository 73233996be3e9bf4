using Hospitality.Reports.Model;
using Hospitality.Sim.Scenarios;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Scenarios;

public sealed class ScenarioRunTests(ITestOutputHelper output)
{
    private static readonly TargetCatalog Targets = TargetCatalog.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"));

    /// <summary>Every scenario, shortened to 20 virtual minutes (faults after that are skipped), runs, converges and measures its targets.</summary>
    [Theory]
    [MemberData(nameof(RepositoryFiles.ScenarioFiles), MemberType = typeof(RepositoryFiles))]
    public void Every_scenario_runs_converges_and_reports_each_of_its_targets(string file)
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, file), Targets.Ids);
        if (scenario.Devices > 100)
        {
            scenario = scenario with { Properties = scenario.Properties.Select(property => property with { Devices = property.Devices.Select(group => group with { Count = Math.Max(1, group.Count / 10) }).ToList() }).ToList() };
        }

        var report = ScenarioRun.Execute(scenario, scenario.Seeds[0], Targets, TimeSpan.FromMinutes(20));

        output.WriteLine($"{report.Scenario}: {report.Events:N0} events, {report.Convergence.AcknowledgedWrites} writes, trace {report.TraceHash}");
        foreach (var target in report.Targets)
        {
            output.WriteLine($"  {target.Id}: {target.Measured} {target.Unit} ({target.Verdict})");
        }

        Assert.True(report.Convergence.Converged, string.Join(Environment.NewLine, report.Convergence.FirstDivergences));
        Assert.Equal(scenario.Targets, report.Targets.Select(target => target.Id));
        Assert.Contains(report.Paths, path => path.Path == "cloud→device" && path.Deliveries > 0); // the initial sync, at least
        Assert.NotEmpty(report.Series);
        Assert.Equal(scenario.Devices, report.Topology.Devices);
        Assert.Equal(report, RunReport.FromJson(report.ToJson()), RunReportComparer.Instance);
    }

    /// <summary>Eight minutes fast against ten slow is an 18-minute skew; the conflicts it causes are counted once each, by what decided them.</summary>
    [Fact]
    public void Clock_skew_run_counts_its_conflicts_by_how_they_resolved_and_the_skew_between_clocks()
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "clock-skew.yaml"), Targets.Ids);

        var conflicts = ScenarioRun.Execute(scenario, 1, Targets, TimeSpan.FromMinutes(30)).Conflicts!;

        Assert.True(conflicts.ConcurrentWrites > 0);
        Assert.Equal(conflicts.ConcurrentWrites, conflicts.ByWallTime + conflicts.ByCounter + conflicts.ByNodeId + conflicts.ByEqualStamp);
        Assert.Equal(0, conflicts.ByEqualStamp);
        Assert.True(conflicts.Resolutions >= conflicts.ConcurrentWrites);
        Assert.Equal(TimeSpan.FromMinutes(18).TotalMilliseconds, conflicts.LargestClockSkewMs);
        Assert.InRange(conflicts.Sample.Count, 1, ConflictReport.SampleMax);
        Assert.Equal(conflicts.Sample.Count, conflicts.Sample.Select(each => (each.Collection, each.Id, each.WinnerStamp, each.LoserStamp)).Distinct().Count());
        Assert.Equal(conflicts.Sample.OrderBy(each => each.AtSeconds), conflicts.Sample);
    }

    [Fact]
    public void The_same_scenario_and_seed_give_the_same_trace_and_figures()
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "greengrass-outage.yaml"), Targets.Ids);
        var first = ScenarioRun.Execute(scenario, 2, Targets, TimeSpan.FromMinutes(40));
        var second = ScenarioRun.Execute(scenario, 2, Targets, TimeSpan.FromMinutes(40));
        var other = ScenarioRun.Execute(scenario, 3, Targets, TimeSpan.FromMinutes(40));

        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(first.ToJson(), second.ToJson());
        Assert.NotEqual(first.TraceHash, other.TraceHash);
        Assert.Single(first.Heals);
        Assert.NotNull(first.Heals[0].ConvergedAfterSeconds);
    }

    [Fact]
    public void A_warm_up_leaves_the_writes_before_it_out_of_the_latency_and_changes_nothing_that_runs()
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "live-small-hotel.yaml"), Targets.Ids);
        var counted = ScenarioRun.Execute(scenario with { WarmUp = TimeSpan.Zero }, 1, Targets, TimeSpan.FromMinutes(2));
        var warmed = ScenarioRun.Execute(scenario with { WarmUp = TimeSpan.FromMinutes(1) }, 1, Targets, TimeSpan.FromMinutes(2));

        Assert.Equal(counted.TraceHash, warmed.TraceHash);
        Assert.Equal(60, warmed.WarmUpSeconds);
        var all = counted.Paths.Single(path => path.Path == "device→device").Deliveries;
        var later = warmed.Paths.Single(path => path.Path == "device→device").Deliveries;
        Assert.InRange(later, all / 4, all - (all / 4)); // about half the writes come after the first of two minutes
    }

    [Fact]
    public void A_slow_disk_slows_every_hop_that_commits_and_runs_the_same_twice()
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "live-small-hotel.yaml"), Targets.Ids) with { Disk = null, OneMachineCores = null };
        var slow = scenario with { Disk = new([(0, TimeSpan.FromMilliseconds(8)), (0.5, TimeSpan.FromMilliseconds(10)), (1, TimeSpan.FromMilliseconds(40))]) };
        var plain = ScenarioRun.Execute(scenario, 1, Targets, TimeSpan.FromMinutes(2));
        var first = ScenarioRun.Execute(slow, 1, Targets, TimeSpan.FromMinutes(2));
        var second = ScenarioRun.Execute(slow, 1, Targets, TimeSpan.FromMinutes(2));

        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.NotEqual(plain.TraceHash, first.TraceHash);
        Assert.Equal("min 8, p50 10, max 40 ms", first.Disk);
        Assert.Null(plain.Disk);
        double Median(RunReport report) => report.Paths.Single(path => path.Path == "device→device" && path.Phase == PathPhase.Normal).P50;

        // Two commits on a device-to-device path (the Greengrass's and the receiver's), each at least 8 ms instead of 0.36, and work queues behind them.
        Assert.InRange(Median(first) - Median(plain), 2 * (8 - 0.36), 60);
    }

    /// <summary>A medium hotel's busy morning, before its first fault: writes go up as deltas, devices to the Greengrass and the Greengrass to the cloud, and each delta a client counts as pushed its server counts as rebuilt.</summary>
    [Fact]
    public void A_run_with_writes_reports_its_pushes_as_deltas_per_role()
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "medium-hotel-busy-hours.yaml"), Targets.Ids);

        var report = ScenarioRun.Execute(scenario, 1, Targets, TimeSpan.FromMinutes(45));

        foreach (var row in report.PushDeltas)
        {
            output.WriteLine($"{row.Role} x{row.Nodes}: pushed {row.DeltasPushed}, again whole {row.ResentWhole}, rebuilt {row.DeltasRebuilt}, not rebuilt {row.DeltasNotRebuilt}");
        }

        Assert.Equal(new[] { "device", "greengrass", "cloud" }, report.PushDeltas.Select(row => row.Role));
        var (devices, greengrass, cloud) = (report.PushDeltas[0], report.PushDeltas[1], report.PushDeltas[2]);
        Assert.Equal(scenario.Devices, devices.Nodes);
        Assert.True(devices.DeltasPushed > 0 && greengrass.DeltasPushed > 0, "devices and the Greengrass push deltas");
        Assert.Equal(devices.DeltasPushed + greengrass.DeltasPushed, greengrass.DeltasRebuilt + cloud.DeltasRebuilt);
        Assert.Equal(greengrass.DeltasPushed, cloud.DeltasRebuilt);
        Assert.Equal(0, devices.DeltasRebuilt + cloud.DeltasPushed + cloud.ResentWhole);
        Assert.Equal(report.PushDeltas, RunReport.FromJson(report.ToJson()).PushDeltas);
    }

    /// <summary>Reports compare by their JSON, which is what a run leaves behind.</summary>
    private sealed class RunReportComparer : IEqualityComparer<RunReport>
    {
        public static RunReportComparer Instance { get; } = new();

        public bool Equals(RunReport? x, RunReport? y) => x?.ToJson() == y?.ToJson();

        public int GetHashCode(RunReport obj) => obj.ToJson().Length;
    }
}
