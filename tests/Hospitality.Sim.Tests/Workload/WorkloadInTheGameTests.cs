using Hospitality.Sim.Scenarios;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Workload;

public sealed class WorkloadInTheGameTests
{
    /// <summary>
    /// Figures of basement-wifi seed 1 (2 h) from before the hotel worlds ran as a game: planning the
    /// staff's actions in the game's step must not move a single write, or every seed-specific
    /// expectation and hand-written figure in the README would silently go stale. The writes (343) and
    /// deliveries (803) are the workload's; the p99 also moves with the network and the servers (it was
    /// 36.383 ms before per-hop random streams, mDNS discovery, adaptive batching, property scope and
    /// kept health-probe connections; 35.647 before duplicate-question suppression and probes spared by a live session; 32.863 before every node took its measured service time per hop; 36.511 before the server stopped echoing a subscriber's own pushes; 34.943 before a Greengrass session's 14 s heartbeat replaced the detector's probe and the 13 s TCP keepalive; 40.959 before mDNS stopped refreshing a connected Greengrass's records; 23.279 before pushes went as deltas; 23.231 before the service times were refitted on live runs of optimised code, 21.903 before a frame the Greengrass's session hears moved the network detector's round),
    /// so it is re-pinned, with the reason in the commit, whenever one of those changes.
    /// </summary>
    [Fact]
    public void Planning_the_staff_in_the_game_step_keeps_every_write_at_the_instant_it_had_before()
    {
        var targets = TargetCatalog.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"));
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "basement-wifi.yaml"), targets.Ids);

        var report = ScenarioRun.Execute(scenario, 1, targets);

        Assert.Equal(343, report.Convergence.AcknowledgedWrites);
        var deviceToDevice = Assert.Single(report.Paths, path => path.Path == "device→device" && path.Phase == Reports.Model.PathPhase.Normal);
        Assert.Equal(803, deviceToDevice.Deliveries);
        Assert.Equal(21.103, deviceToDevice.P99, 3);
    }
}
