using Hospitality.Reports.Model;
using Hospitality.Sim.Scenarios;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Scenarios;

/// <summary>
/// The discovery scenario end to end (scenarios/discovery-walkabout.yaml): a rogue responder, phones
/// walking onto cellular, a phone offline for an hour, a Greengrass reboot, a second Greengrass next
/// door; every discovery and switch-over time the report gives is virtual and bounded.
/// </summary>
public sealed class DiscoveryScenarioTests(ITestOutputHelper output)
{
    private static readonly TargetCatalog Targets = TargetCatalog.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "targets.yaml"));

    [Fact]
    public void The_walkabout_day_passes_and_reports_bounded_discovery_and_switch_over_times()
    {
        var scenario = ScenarioReader.Read(Path.Combine(RepositoryFiles.ScenariosDirectory, "discovery-walkabout.yaml"), Targets.Ids);

        var report = ScenarioRun.Execute(scenario, 1, Targets);

        var discovery = report.Discovery!;
        foreach (var each in discovery.SwitchOvers)
        {
            output.WriteLine($"{each.Change}: x{each.Count}, noticed p50 {each.NoticedP50Ms:F0} ms max {each.NoticedMaxMs:F0} ms, switched p50 {each.SwitchedP50Ms:F0} ms max {each.SwitchedMaxMs:F0} ms");
        }

        Assert.True(report.Passed);
        Assert.Equal(scenario.Devices, discovery.Found); // every device of both properties found its own Greengrass
        Assert.InRange(discovery.FoundMaxMs!.Value, 200, 2_000);
        Assert.InRange(discovery.MdnsBytesPerDeviceHour, 1_000, 100_000);
        // Wi-Fi to cellular: noticed on the link change, the 5 s degrade hold, then the cloud session. The cloud probe
        // may lose a packet on cellular (0.5 %), which costs TCP's initial retransmission timeout of 1 s: seed 1 has one
        // since the check-in's writes go in one push (1.4 s; 0.5 s with the cellular profile's loss set to 0).
        AssertSwitch(discovery, "on-property → cellular", count: 3, noticedMaxMs: 2_000, switchedMaxMs: 8_000);
        // Back on the Wi-Fi: mDNS answers within a second, then the 30 s improve hold.
        AssertSwitch(discovery, "cellular → on-property", count: 3, noticedMaxMs: 2_000, switchedMaxMs: 36_000);
        // An hour offline: the replication stops after the degrade hold and is back 3 s after the link.
        AssertSwitch(discovery, "on-property → offline", count: 1, noticedMaxMs: 1_000, switchedMaxMs: 6_000);
        AssertSwitch(discovery, "offline → on-property", count: 1, noticedMaxMs: 2_000, switchedMaxMs: 6_000);
        // The Greengrass reboot says no goodbye: the next health probe (30 s after the session last heard it, 2 s timeout) notices.
        AssertSwitch(discovery, "on-property → cloud-only", count: 9, noticedMaxMs: 32_000, switchedMaxMs: 8_000);
        AssertSwitch(discovery, "cloud-only → on-property", count: 9, noticedMaxMs: 5_000, switchedMaxMs: 36_000);
        Assert.Equal(6, discovery.SwitchOvers.Count); // the rogue responder and the annex's Greengrass moved nobody
    }

    private static void AssertSwitch(DiscoveryReport discovery, string change, int count, double noticedMaxMs, double switchedMaxMs)
    {
        var switchOver = Assert.Single(discovery.SwitchOvers, each => each.Change == change);
        Assert.Equal(count, switchOver.Count);
        Assert.InRange(switchOver.NoticedMaxMs!.Value, 0, noticedMaxMs);
        Assert.InRange(switchOver.SwitchedMaxMs, 0, switchedMaxMs);
    }
}
