using System.Text.Json;
using Hospitality.Reports.Replay;
using Hospitality.Sim.Scenarios;
using Xunit.Abstractions;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// replay.html as `hsim run --replay` writes it, opened from disk in headless Chromium: it shows
/// the run without console errors or network requests, the scrubber moves it through the run, and
/// the 500-device resort, decimated, stays small enough to load.
/// </summary>
public sealed class ReplayBrowserTests(ITestOutputHelper output) : IClassFixture<NodeMissingNotice>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-replay-").FullName;

    [SkippableFact]
    public void A_replay_opens_from_disk_without_errors_and_the_scrubber_shows_each_moment_of_the_run()
    {
        NodeRuntime.SkipTestIfMissing();
        var (replay, file) = Replay("greengrass-outage.yaml", TimeSpan.FromMinutes(45));
        var crash = Assert.Single(replay.Faults);
        var before = replay.Frames.ToList().FindLastIndex(frame => frame.Seconds < crash.StartSeconds - 60);
        var during = replay.Frames.ToList().FindIndex(frame => frame.Seconds > crash.StartSeconds + 300);

        var page = ReplayViewer.Open(file, before, during);

        output.WriteLine($"{new FileInfo(file).Length:N0} bytes, loaded in {page.GetProperty("loadMs").GetInt32()} ms");
        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.Empty(page.GetProperty("requests").EnumerateArray());
        Assert.Equal(replay.Frames.Count, page.GetProperty("frames").GetInt32());
        Assert.Equal(replay.Hosts.Count, page.GetProperty("hostMarks").GetInt32());
        Assert.Equal(replay.Segments.Count, page.GetProperty("segments").GetInt32());
        Assert.Equal(1, page.GetProperty("faultMarks").GetInt32());
        var views = page.GetProperty("views").EnumerateArray().ToList();
        Assert.NotEqual(views[0].GetProperty("time").GetString(), views[1].GetProperty("time").GetString());
        Assert.NotEqual(views[0].GetProperty("summary").GetString(), views[1].GetProperty("summary").GetString());
        Assert.Equal("No fault active.", views[0].GetProperty("faultsNow").GetString());
        Assert.Contains("GreengrassCrash", views[1].GetProperty("faultsNow").GetString(), StringComparison.Ordinal);

        // Rows read host|kind|segment|state|syncing via|outbox|clock offset.
        Assert.StartsWith("greengrass|greengrass|city-hotel|online|cloud|", Row(views[0], "greengrass"), StringComparison.Ordinal);
        Assert.StartsWith("greengrass|greengrass|city-hotel|down|", Row(views[1], "greengrass"), StringComparison.Ordinal);
        Assert.Contains("|online|greengrass|", Row(views[0], "tablet-1"), StringComparison.Ordinal);
        Assert.Contains("|online|cloud|", Row(views[1], "tablet-1"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_500_device_resort_replay_is_decimated_to_a_few_megabytes_and_loads()
    {
        NodeRuntime.SkipTestIfMissing();

        // An hour already overfills the frame log: decimation keeps 300 to 600 frames for any
        // length, so the whole day's replay is the same kind of file (measured in the README).
        var (replay, file) = Replay("resort-500-devices.yaml", TimeSpan.FromHours(1));
        var bytes = new FileInfo(file).Length;

        var page = ReplayViewer.Open(file, 0, replay.Frames.Count / 2, replay.Frames.Count - 1);

        output.WriteLine($"{replay.Hosts.Count} hosts, {replay.Frames.Count} frames of {replay.FramesDrawn} drawn, {bytes:N0} bytes, loaded in {page.GetProperty("loadMs").GetInt32()} ms, slowest scrub {page.GetProperty("scrubMs").GetInt32()} ms");
        Assert.Empty(page.GetProperty("errors").EnumerateArray());
        Assert.InRange(replay.Frames.Count, 300, 600);
        Assert.InRange(bytes, 1, 4_000_000);
        Assert.Equal(replay.Hosts.Count, page.GetProperty("hostMarks").GetInt32());
        Assert.True(replay.Hosts.Count > 500);
        var views = page.GetProperty("views").EnumerateArray().ToList();
        Assert.Equal(3, views.Select(view => view.GetProperty("time").GetString()).Distinct().Count());
        Assert.All(views, view => Assert.Equal(replay.Hosts.Count, view.GetProperty("hostStates").GetArrayLength()));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (ReplayData Replay, string File) Replay(string scenarioFile, TimeSpan duration)
    {
        var scenarios = Path.Combine(RepositoryRoot(), "scenarios");
        var targets = TargetCatalog.Read(Path.Combine(scenarios, "targets.yaml"));
        var scenario = ScenarioReader.Read(Path.Combine(scenarios, scenarioFile), targets.Ids);
        ReplayData? replay = null;
        ScenarioRun.Execute(scenario, scenario.Seeds[0], targets, duration, replay: data => replay = data);
        return (replay!, ReplayPage.Write(replay!, _directory));
    }

    private static string Row(JsonElement view, string host) =>
        view.GetProperty("hostStates").EnumerateArray().Select(row => row.GetString()!).Single(row => row.StartsWith(host + "|", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hospitality.Sim.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Hospitality.Sim.sln above {AppContext.BaseDirectory}");
    }
}
