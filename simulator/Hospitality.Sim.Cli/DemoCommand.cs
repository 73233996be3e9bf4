using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hospitality.Sim.Demo;
using Hospitality.Sim.Network;
using Hospitality.Sim.Scenarios;

namespace Hospitality.Sim.Cli;

/// <summary>
/// <c>hsim network-demo</c>: the simulation kernel's demo world (tablets exchanging status messages and
/// multicast announcements, none of the sync engine) and its trace hash, speed and traffic.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The largest demo world, as large as the largest scenario world.</summary>
    private const int DevicesMax = 2_000;

    public static Command Create()
    {
        var seed = new Option<ulong>("--seed") { Description = "Seed of the run; the same seed replays the same trace.", DefaultValueFactory = _ => 1 };
        var devices = new Option<int>("--devices") { Description = "Devices in the hotel (at least 2).", DefaultValueFactory = _ => 50 };
        var seconds = new Option<double>("--seconds") { Description = "Virtual seconds to simulate.", DefaultValueFactory = _ => 60 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("network-demo", "Run the kernel's network demo: devices exchanging datagrams, messages and multicast announcements across segments (no sync engine; for that, run a scenario).")
        {
            seed, devices, seconds, json,
        };
        command.SetAction(parse =>
        {
            var deviceCount = parse.GetValue(devices);
            var virtualSeconds = parse.GetValue(seconds);
            if (deviceCount is < 2 or > DevicesMax)
            {
                throw new BadInputException($"hsim network-demo: --devices {deviceCount} must be from 2 to {DevicesMax}");
            }

            if (!RunLength.TryFromSeconds(virtualSeconds, out var length))
            {
                throw new BadInputException($"hsim network-demo: --seconds {virtualSeconds.ToString(CultureInfo.InvariantCulture)} must be a number of seconds {RunLength.Allowed} ({RunLength.Max.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)");
            }

            var wall = Stopwatch.StartNew();
            var result = DemoWorld.Run(parse.GetValue(seed), deviceCount, length);
            wall.Stop();
            Print(result, wall.Elapsed, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static void Print(DemoResult result, TimeSpan wall, bool asJson)
    {
        var traffic = result.Traffic;
        var kinds = Enum.GetValues<TrafficKind>().ToDictionary(
            kind => kind.ToString().ToLowerInvariant(),
            kind => new
            {
                packetsSent = traffic.Total(kind, TrafficDirection.Sent).Packets,
                bytesSent = traffic.Total(kind, TrafficDirection.Sent).WireBytes,
                bytesReceived = traffic.Total(kind, TrafficDirection.Received).WireBytes,
                payloadBytesReceived = traffic.Total(kind, TrafficDirection.Received).PayloadBytes,
            });
        var drops = Enum.GetValues<DropReason>().ToDictionary(reason => reason.ToString().ToLowerInvariant(), traffic.Dropped);
        var eventsPerSecond = result.Events / Math.Max(wall.TotalSeconds, 1e-9);
        var speed = result.VirtualDuration.TotalSeconds / Math.Max(wall.TotalSeconds, 1e-9);
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                seed = result.Seed,
                traceHash = result.TraceHash,
                events = result.Events,
                virtualSeconds = result.VirtualDuration.TotalSeconds,
                wallSeconds = wall.TotalSeconds,
                eventsPerSecond,
                virtualSecondsPerWallSecond = speed,
                messagesAcknowledged = result.MessagesAcknowledged,
                datagramsReceived = result.DatagramsReceived,
                announcementsHeard = result.AnnouncementsHeard,
                reconnects = result.Reconnects,
                traffic = kinds,
                drops,
            }));
            return;
        }

        foreach (var line in DemoText.Lines(result, wall))
        {
            Console.WriteLine(line);
        }
    }
}
