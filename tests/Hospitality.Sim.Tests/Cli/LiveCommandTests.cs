using Hospitality.Reports.Model;
using Hospitality.Sim.Cli.Live;

namespace Hospitality.Sim.Tests.Cli;

/// <summary>
/// <c>hsim live</c> end to end: a tiny hotel (the cloud, a Greengrass, two devices, 30 s) as real
/// hotel-node processes on this machine, written as a run.json marked live that converged. No
/// latency target and no assertion on wall-clock figures: they depend on how busy the machine is
/// (a judged 50 ms target failed the exit code at load average 10).
/// </summary>
public sealed class LiveCommandTests : IDisposable
{
    private const string Tiny = """
        name: live-tiny
        description: Two devices for thirty seconds.
        duration: 30s
        seeds: [1]
        properties:
          - name: tiny-hotel
            greengrass: true
            uplink: broadband
            devices:
              - { kind: front-desk, count: 1, link: lan }
              - { kind: housekeeping, count: 1, link: wifi }
        workload:
          rooms: 50
          guests: 5
          inventory: 5
          rhythm: flat
          per-room-per-day: { check-out: 100, check-in: 100, reservation: 100, housekeeping: 100, maintenance: 0, inventory: 100 }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-live-").FullName;

    [Fact]
    public void A_tiny_hotel_runs_live_and_writes_a_converged_run_json_marked_live()
    {
        File.WriteAllText(Path.Combine(_directory, "tiny.yaml"), Tiny);

        var (exitCode, output, errors) = Hsim.Run(_directory, "live", "tiny.yaml", "--out", "out", "--shape", "none");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
        var report = RunReport.FromJson(File.ReadAllText(Path.Combine(_directory, "out", "run.json")));
        Assert.NotNull(report.Live);
        Assert.True(report.Convergence.Converged, string.Join(Environment.NewLine, report.Convergence.FirstDivergences));
        Assert.Equal(4, report.Convergence.Replicas);
        Assert.Contains(report.Paths, path => path.Path == "device→device" && path.Deliveries > 0);
        Assert.Contains(report.Bandwidth, row => row.Channel == "lan" && row.BytesPerDevicePerDay > 0);
        Assert.Contains("Live run", File.ReadAllText(Path.Combine(_directory, "out", "report.md")), StringComparison.Ordinal);
        Assert.Contains("NOT shaped", report.Live.Shaping, StringComparison.Ordinal);
        Assert.Contains(report.Live.Notes, note => note.StartsWith("latency counts the writes made from 6 s into the workload on", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_tiny_hotel_runs_live_on_shaped_links_and_leaves_no_namespace_behind()
    {
        var unavailable = NetnsLinks.Unavailable();
        Skip.If(unavailable is not null, $"links cannot be shaped on this machine: {unavailable}");
        File.WriteAllText(Path.Combine(_directory, "tiny.yaml"), Tiny);

        var (exitCode, output, errors) = Hsim.Run(_directory, "live", "tiny.yaml", "--out", "out", "--shape", "netns");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
        var report = RunReport.FromJson(File.ReadAllText(Path.Combine(_directory, "out", "run.json")));
        Assert.True(report.Convergence.Converged, string.Join(Environment.NewLine, report.Convergence.FirstDivergences));
        Assert.Contains("tbf", report.Live!.Shaping, StringComparison.Ordinal);
        Assert.Contains(report.Live.Notes, note => note.StartsWith("tablet-2: ", StringComparison.Ordinal) && note.Contains("wifi: up 200 Mbit/s", StringComparison.Ordinal));
        Assert.Contains("links shaped in the kernel", output, StringComparison.Ordinal);

        // hsim has exited: whatever namespace names a process that no longer runs was left behind.
        Assert.DoesNotContain(NetnsLinks.Existing(), name => !Directory.Exists($"/proc/{int.Parse(name[4..name.IndexOf('-', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)}"));
    }

    [Fact]
    public void An_unknown_shape_is_refused_with_exit_2()
    {
        File.WriteAllText(Path.Combine(_directory, "tiny.yaml"), Tiny);

        var (exitCode, _, errors) = Hsim.Run(_directory, "live", "tiny.yaml", "--out", "out", "--shape", "netem");

        Assert.Equal(2, exitCode);
        Assert.Contains("netem", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_warm_up_as_long_as_the_run_is_refused_with_exit_2()
    {
        File.WriteAllText(Path.Combine(_directory, "tiny.yaml"), Tiny);

        var (exitCode, _, errors) = Hsim.Run(_directory, "live", "tiny.yaml", "--out", "out", "--warm-up", "30s");

        Assert.Equal(2, exitCode);
        Assert.Contains("leaves nothing to measure", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_larger_than_live_mode_runs_is_refused_with_exit_2()
    {
        File.WriteAllText(Path.Combine(_directory, "big.yaml"), Tiny.Replace("count: 1, link: wifi", "count: 40, link: wifi", StringComparison.Ordinal));

        var (exitCode, _, errors) = Hsim.Run(_directory, "live", "big.yaml", "--out", "out");

        Assert.Equal(2, exitCode);
        Assert.Contains("1 to 20 devices", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_p2p_scenario_is_refused_with_exit_2_and_how_to_run_it_without()
    {
        File.WriteAllText(Path.Combine(_directory, "p2p.yaml"), Tiny.Replace("greengrass: true", "greengrass: true\n    p2p: true", StringComparison.Ordinal));

        var (exitCode, _, errors) = Hsim.Run(_directory, "live", "p2p.yaml", "--out", "out");

        Assert.Equal(2, exitCode);
        Assert.Contains("live mode runs no P2P", errors, StringComparison.Ordinal);
        Assert.Contains("--set properties.tiny-hotel.p2p=false", errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
