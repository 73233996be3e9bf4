using Hospitality.Reports.Model;
using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Tests.Scenarios;

public sealed class VerdictPhaseTests
{
    private static readonly TargetCatalog Targets = TargetCatalog.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"));

    /// <summary>
    /// chain-cross-property cuts one property's internet for 30 minutes: the writes held back during
    /// it reach the cloud after up to half an hour, and must not be what the normal-operation
    /// target chain.to-cloud is judged on; they are reported apart, as during the fault.
    /// </summary>
    [Fact]
    public void A_latency_target_is_judged_on_deliveries_no_fault_touched_and_the_outage_is_reported_apart()
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "chain-cross-property.yaml"), Targets.Ids);

        var report = ScenarioRun.Execute(scenario, 1, Targets, TimeSpan.FromHours(2));

        var normal = report.Paths.Single(path => path.Path == "device→cloud" && path.Phase == PathPhase.Normal);
        var during = report.Paths.Single(path => path.Path == "device→cloud" && path.Phase == PathPhase.DuringFault);
        Assert.True(during.Max > TimeSpan.FromMinutes(20).TotalMilliseconds, $"the outage's backlog: max {during.Max} ms");
        Assert.True(normal.Max < TimeSpan.FromMinutes(1).TotalMilliseconds, $"normal operation: max {normal.Max} ms");
        var toCloud = report.Targets.Single(target => target.Id == "chain.to-cloud");
        Assert.Equal(TargetPhase.NormalOperation, toCloud.Phase);
        Assert.Equal(normal.P99, toCloud.Measured);
        var offlineQueue = report.Targets.Single(target => target.Id == "sync.offline-queue.cloud");
        Assert.Equal(TargetPhase.Heals, offlineQueue.Phase);
        Assert.Equal(report.Heals.Max(heal => heal.ConvergedAfterSeconds), offlineQueue.Measured);
    }

    /// <summary>A scenario without faults has only normal deliveries.</summary>
    [Fact]
    public void Without_faults_every_delivery_is_normal()
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "uc2-medium-hotel.yaml"), Targets.Ids);

        var report = ScenarioRun.Execute(scenario, 1, Targets, TimeSpan.FromMinutes(30));

        Assert.NotEmpty(report.Paths);
        Assert.All(report.Paths, path => Assert.Equal(PathPhase.Normal, path.Phase));
    }
}
