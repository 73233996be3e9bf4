using System.Text.Json;
using Hospitality.Sim.Cli;
using Hospitality.Sim.Tests.Scenarios;

namespace Hospitality.Sim.Tests.Cli;

public sealed class FindCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-find-").FullName;

    public FindCommandTests()
    {
        BasementScenario.WriteTo(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// The target is p99 device→device through the Greengrass under 50 ms, and the basement's Wi-Fi adds its latency
    /// on the way: the search must close in on a one-way latency just under 50 ms, with a value that holds below
    /// one that breaks, and leave every probe's runs, find.md and the sweep summary behind.
    /// </summary>
    [Fact]
    public void Find_closes_in_on_the_latency_at_which_a_target_breaks()
    {
        var (exitCode, output, errors) = Hsim.Run(_directory, "find", "basement.yaml", "--vary", "links.wifi-basement.latency=1ms..100ms",
            "--target", "latency.greengrass-lan", "--seeds", "1", "--parallel", "1", "--out", "out", "--json");

        Assert.True(exitCode == 0, output + errors);
        using var result = JsonDocument.Parse(output);
        var holds = Milliseconds(result.RootElement.GetProperty("holdsAt").GetString()!);
        var breaks = Milliseconds(result.RootElement.GetProperty("breaksAt").GetString()!);
        Assert.Equal(1, breaks - holds);
        Assert.InRange(breaks, 40, 50);
        Assert.True(result.RootElement.GetProperty("probes").GetArrayLength() <= 12);
        var findMarkdown = File.ReadAllText(Path.Combine(_directory, "out", "find.md"));
        Assert.Contains($"holds at {holds}ms and breaks at {breaks}ms", findMarkdown);
        Assert.StartsWith("confidence: the point lies in a bracket 1ms wide (1.01% of the range); 1 of 1 seeds hold at", result.RootElement.GetProperty("confidence").GetString(), StringComparison.Ordinal);
        Assert.Contains($"Confidence: the point lies in a bracket 1ms wide (1.01% of the range); 1 of 1 seeds hold at {holds}ms, 1 of 1 break at {breaks}ms; 0 of ", findMarkdown);
        Assert.True(File.Exists(Path.Combine(_directory, "out", "basement", $"latency={breaks}ms", "seed-1", "run.json")));
        Assert.True(File.Exists(Path.Combine(_directory, "out", "summary.md")));
    }

    [Fact]
    public void Find_refuses_a_range_or_target_it_cannot_search_before_any_run()
    {
        var noRange = Hsim.Run(_directory, "find", "basement.yaml", "--vary", "links.wifi-basement.latency=1ms..2s", "--out", "out");
        var badValue = Hsim.Run(_directory, "find", "basement.yaml", "--vary", "links.wifi-basement.loss=0..2", "--out", "out");
        var badTarget = Hsim.Run(_directory, "find", "basement.yaml", "--vary", "links.wifi-basement.loss=0..0.5", "--target", "latency.cloud", "--out", "out");

        Assert.Equal(2, noRange.ExitCode);
        Assert.Contains("numbers of the same unit at both ends", noRange.Errors);
        Assert.Equal(2, badValue.ExitCode);
        Assert.Contains("basement.yaml:4:", badValue.Errors);
        Assert.Contains("'2' must be a share from 0 to 90%", badValue.Errors);
        Assert.Equal(2, badTarget.ExitCode);
        Assert.Contains("'latency.cloud' is not one of this scenario's targets", badTarget.Errors);
        Assert.False(Directory.Exists(Path.Combine(_directory, "out")));
    }

    [Fact]
    public void Find_says_so_when_the_target_is_never_measured_instead_of_reporting_that_it_holds()
    {
        var (exitCode, output, errors) = Hsim.Run(_directory, "find", "basement.yaml", "--vary", "links.wifi-basement.latency=1ms..100ms",
            "--target", "latency.greengrass-lan", "--seeds", "1", "--duration", "10s", "--parallel", "1", "--out", "out");

        Assert.True(exitCode == 0, output + errors);
        Assert.Contains("latency.greengrass-lan was not measured at any value run", output);
    }

    [Theory]
    [InlineData("0..0.5", 0, 0.5, "", false)]
    [InlineData("10..400", 10, 400, "", true)]
    [InlineData("20Mbit..500kbit", 0, 0, "", false)]
    [InlineData("1ms..400ms", 1, 400, "ms", true)]
    [InlineData("100Mbit..1.5Mbit", 100, 1.5, "Mbit", false)]
    [InlineData("0%..20%", 0, 20, "%", false)]
    public void Ranges_read_with_their_unit_and_whole_numbers_stay_whole(string text, double from, double to, string unit, bool whole)
    {
        var range = SearchRange.Parse(text);
        if (unit.Length == 0 && from == 0 && to == 0)
        {
            Assert.Null(range);
            return;
        }

        Assert.Equal(new SearchRange(from, to, unit, whole), range);
        Assert.Equal(whole ? Math.Floor((from + to) / 2) : (from + to) / 2, range!.Middle(from, to));
    }

    private static int Milliseconds(string text) => int.Parse(text[..^2], System.Globalization.CultureInfo.InvariantCulture);
}
