using Hospitality.Sync.Node.Configuration;
using Hospitality.Sync.Node.Service;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hospitality.Sync.Node.Workload;

/// <summary>
/// A device's headless workload: housekeeping changes room statuses at a steady rate, each write
/// through the node's replica on its run loop, so a live hotel can be stood up from the command line.
/// </summary>
internal sealed partial class DeviceWorkloadAgent(NodeSettings settings, NodeService node, ILogger<DeviceWorkloadAgent> logger) : BackgroundService
{
    private static readonly string[] Statuses = ["dirty", "clean", "inspected", "occupied"];

    /// <summary>Writes made so far.</summary>
    public long Writes { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workload = settings.Workload;
        if (workload.Script is { } script && node.Node is { } scripted)
        {
            await PlayAsync(script, workload.StartAtUnixMs, scripted, stoppingToken);
            return;
        }

        if (workload.WritesPerMinute == 0 || node.Node is not { } running)
        {
            return;
        }

        // Seeded from the node id too, so two devices with the same seed do not write in lockstep.
        var random = new Random(workload.Seed ^ StableHash(settings.NodeId));
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1.0 / workload.WritesPerMinute));
        LogStarted(workload.WritesPerMinute, workload.Rooms);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var number = 100 + random.Next(workload.Rooms);
                var status = Statuses[random.Next(Statuses.Length)];
                var body = $$"""{"id":"room-{{number}}","number":"{{number}}","floor":{{number / 100}},"type":"deluxe","status":"{{status}}","notes":"{{settings.NodeId}}"}""";
                await running.OnLoopAsync(replica => replica.Write("rooms", $"room-{number}", body));
                Writes++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        LogStopped(Writes);
    }

    /// <summary>Plays a script of timed writes from a given instant (each line's <c>atMs</c> after it), the writes of each instant in one turn of the node's loop.</summary>
    private async Task PlayAsync(string script, long startAtUnixMs, Hosting.Nodes.HotelNode running, CancellationToken stoppingToken)
    {
        var writes = File.ReadLines(script).Where(line => !string.IsNullOrWhiteSpace(line)).Select(ScriptedWrite.Parse).OrderBy(write => write.AtMs).ToList();
        var start = startAtUnixMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(startAtUnixMs) : DateTimeOffset.UtcNow;
        LogScript(writes.Count, script);
        try
        {
            // The writes of one instant (a check-in's guest, reservation and room) are made in one turn of the
            // loop, as the simulated workload makes them, so the replicator sees them together.
            foreach (var instant in writes.GroupBy(write => write.AtMs))
            {
                var wait = start.AddMilliseconds(instant.Key) - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stoppingToken);
                }

                Writes += await running.OnLoopAsync(replica =>
                {
                    foreach (var write in instant)
                    {
                        replica.Write(write.Collection, write.Id, write.Body);
                    }

                    return instant.Count();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }

        LogStopped(Writes);
    }

    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked(hash * 31 + c));

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Workload started: {WritesPerMinute} room writes a minute over {Rooms} rooms")]
    private partial void LogStarted(int writesPerMinute, int rooms);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Workload: playing {Writes} scripted writes from {Script}")]
    private partial void LogScript(int writes, string script);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Workload stopped after {Writes} writes")]
    private partial void LogStopped(long writes);
}
