using System.Diagnostics;
using System.Text.Json;
using Hospitality.Sim.Demo;
using Hospitality.Sim.Network;

namespace Hospitality.Sim.Tests.Demo;

public sealed class DemoDeterminismTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_same_seed_gives_the_same_trace_hash()
    {
        var first = DemoWorld.Run(seed: 7, devices: 30, Duration);
        var second = DemoWorld.Run(seed: 7, devices: 30, Duration);

        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(first.Events, second.Events);
        Assert.Equal(first.Traffic.Total(TrafficKind.Stream, TrafficDirection.Sent).WireBytes, second.Traffic.Total(TrafficKind.Stream, TrafficDirection.Sent).WireBytes);
    }

    [Fact]
    public void Another_seed_gives_another_trace_hash()
    {
        var first = DemoWorld.Run(seed: 7, devices: 30, Duration);
        var other = DemoWorld.Run(seed: 8, devices: 30, Duration);

        Assert.NotEqual(first.TraceHash, other.TraceHash);
    }

    [Fact]
    public void A_second_process_reproduces_the_trace_hash()
    {
        var inProcess = DemoWorld.Run(seed: 7, devices: 30, Duration);
        var hsim = Path.Combine(AppContext.BaseDirectory, "hsim.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", hsim, "network-demo", "--seed", "7", "--devices", "30", "--seconds", "20", "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, errors);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(inProcess.TraceHash, json.RootElement.GetProperty("traceHash").GetString());
        Assert.Equal(inProcess.Events, json.RootElement.GetProperty("events").GetInt64());
    }

    [Fact]
    public void The_demo_exercises_every_channel_kind()
    {
        var result = DemoWorld.Run(seed: 3, devices: 30, Duration);

        Assert.True(result.MessagesAcknowledged > 100);
        Assert.True(result.DatagramsReceived > 100);
        Assert.True(result.AnnouncementsHeard > 0);
        Assert.All(Enum.GetValues<TrafficKind>(), kind => Assert.True(result.Traffic.Total(kind, TrafficDirection.Received).WireBytes > 0, kind.ToString()));
    }
}
