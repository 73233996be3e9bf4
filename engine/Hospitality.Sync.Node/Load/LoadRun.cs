using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Hosting.Nodes;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Node.Load;

/// <summary>
/// <c>hotel-node load</c>: a cloud and a Greengrass as child processes, and devices in this process
/// (each on its own run loop, in-memory store) over WebSocket on loopback. Measures write-to-visible
/// latency on every other device, the Greengrass's CPU and peak memory, and bytes on the wire; or,
/// with --initial-sync N, how long a new device takes to pull N documents and how many bytes that is;
/// with --signaling, what the signaling server holds (<see cref="SignalingLoad"/>).
/// </summary>
internal static class LoadRun
{
    private const int DevicesMax = 2_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new LoadArguments(args);
        if (arguments.Has("--signaling"))
        {
            return await SignalingLoad.RunAsync(arguments);
        }

        int devices, seconds, writesPerMinute, initialSync;
        try
        {
            devices = arguments.Number("--devices", 500, DevicesMax);
            seconds = arguments.Number("--seconds", 60, 3_600);
            writesPerMinute = arguments.Number("--writes-per-minute", 6, 6_000);
            initialSync = arguments.Has("--initial-sync") ? arguments.Number("--initial-sync", 1_000, 100_000) : 0;
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"hotel-node load: {exception.Message}");
            return HotelNodeApp.ExitBadInput;
        }

        var folder = Directory.CreateTempSubdirectory("hotel-node-load-").FullName;
        try
        {
            var quiet = new[] { "--Logging:LogLevel:Default", "Warning", "--data", folder };
            await using var cloud = await ChildNode.StartAsync(FreePort(), ["--role", "cloud", "--node-id", "cloud", .. quiet]);
            await using var greengrass = await ChildNode.StartAsync(FreePort(), ["--role", "greengrass", "--node-id", "greengrass", "--cloud", $"127.0.0.1:{cloud.Port}", .. quiet]);
            return initialSync > 0
                ? await InitialSyncAsync(greengrass, initialSync)
                : await DevicesAsync(greengrass, devices, seconds, writesPerMinute);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> DevicesAsync(ChildNode greengrass, int deviceCount, int seconds, int writesPerMinute)
    {
        var network = new CountingNetwork(new WebSocketNetwork());
        var writtenAt = new ConcurrentDictionary<HlcTimestamp, long>();
        var devices = new List<HotelNode>();
        var samples = new List<List<long>>();
        var started = Stopwatch.StartNew();
        for (var i = 0; i < deviceCount; i++)
        {
            var device = await HotelNode.StartAsync(DeviceOptions($"tablet-{i}", greengrass.Port), network);
            var seen = new List<long>();
            await device.OnLoopAsync(replica =>
            {
                // Runs on this device's loop only: its list needs no lock.
                replica.Changed += changes =>
                {
                    var now = Stopwatch.GetTimestamp();
                    foreach (var change in changes)
                    {
                        if (change.Document.OriginNode != replica.NodeId && writtenAt.TryGetValue(change.Document.Stamp, out var at))
                        {
                            seen.Add(now - at);
                        }
                    }
                };
                return true;
            });
            devices.Add(device);
            samples.Add(seen);
        }

        Console.WriteLine($"{deviceCount} devices started in {started.Elapsed.TotalSeconds:0.0} s; waiting for each to follow the Greengrass");
        if (!await AllFollowAsync(devices, TimeSpan.FromSeconds(180)))
        {
            await Console.Error.WriteLineAsync("hotel-node load: not every device reached the Greengrass within 180 s");
            return HotelNodeApp.ExitFailed;
        }

        var cpuBefore = greengrass.CpuTime;
        var bytesBefore = network.BytesSent + network.BytesReceived;
        var phase = Stopwatch.StartNew();
        var writes = 0L;
        var lastWriteTicks = 0L;
        var interval = TimeSpan.FromMinutes(1.0 / writesPerMinute);
        var writers = devices.Select((device, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            await Task.Delay(TimeSpan.FromTicks((long)(random.NextDouble() * interval.Ticks)));
            using var timer = new PeriodicTimer(interval);
            var number = 0;
            do
            {
                var room = 100 + random.Next(400);
                var body = $$"""{"id":"room-{{room}}","number":"{{room}}","floor":{{room / 100}},"type":"deluxe","status":"{{(number++ % 2 == 0 ? "dirty" : "clean")}}"}""";
                await device.OnLoopAsync(replica =>
                {
                    var stored = replica.Write("rooms", $"room-{room}", body);
                    writtenAt[stored.Document.Stamp] = Stopwatch.GetTimestamp();
                    return true;
                });
                Interlocked.Increment(ref writes);
                InterlockedMax(ref lastWriteTicks, phase.Elapsed.Ticks);
            }
            while (await timer.WaitForNextTickAsync() && phase.Elapsed < TimeSpan.FromSeconds(seconds));
        })).ToList();
        await Task.WhenAll(writers);
        var writing = TimeSpan.FromTicks(Interlocked.Read(ref lastWriteTicks));
        await Task.Delay(TimeSpan.FromSeconds(5)); // the last writes' deliveries
        var window = phase.Elapsed;
        var cpu = greengrass.CpuTime - cpuBefore;
        var bytes = network.BytesSent + network.BytesReceived - bytesBefore;

        var all = new List<long>();
        foreach (var device in devices)
        {
            all.AddRange(await device.OnLoopAsync(_ => samples[devices.IndexOf(device)].ToList()));
        }

        all.Sort();
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        string Percentile(double p) => all.Count == 0 ? "-" : $"{Ms(all[Math.Min(all.Count - 1, (int)(p * all.Count))]):0.0} ms";
        var expected = writes * (deviceCount - 1);
        Console.WriteLine($"load: {deviceCount} devices on one Greengrass over WebSocket on loopback, {writesPerMinute} writes/min each");
        Console.WriteLine($"  writes            {writes:N0} in {writing.TotalSeconds:0} s ({writes / Math.Max(1, writing.TotalSeconds):0.0}/s)");
        Console.WriteLine($"  write-to-visible  p50 {Percentile(0.50)}  p99 {Percentile(0.99)}  max {Percentile(1.0)}  ({all.Count:N0} deliveries of {expected:N0} expected)");
        Console.WriteLine($"  greengrass CPU    {cpu.TotalSeconds:0.0} s in {window.TotalSeconds:0} s = {cpu.TotalSeconds / window.TotalSeconds * 100:0}% of one core (writing, then 5 s for the last deliveries)");
        Console.WriteLine($"  greengrass memory peak RSS {greengrass.PeakResidentBytes / (1024.0 * 1024):0} MiB");
        Console.WriteLine($"  wire (messages)   {bytes / (1024.0 * 1024):0.0} MiB both ways, {bytes / (double)deviceCount / 1024:0.0} KiB per device");
        await Task.WhenAll(devices.Select(device => device.StopAsync(TimeSpan.Zero)));
        return all.Count >= expected * 0.99 ? HotelNodeApp.ExitOk : HotelNodeApp.ExitFailed;
    }

    private static async Task<int> InitialSyncAsync(ChildNode greengrass, int documents)
    {
        var seeding = await HotelNode.StartAsync(DeviceOptions("seeding-tablet", greengrass.Port), new WebSocketNetwork());
        await seeding.OnLoopAsync(replica =>
        {
            for (var i = 0; i < documents; i++)
            {
                var room = 1000 + i;
                replica.Write("rooms", $"room-{room}", $$"""{"id":"room-{{room}}","number":"{{room}}","floor":{{room / 100}},"type":"deluxe","status":"clean","notes":"seeded for the initial sync figure"}""");
            }

            return true;
        });
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (await seeding.OnLoopAsync(replica => replica.OutboxCount) > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
        }

        await seeding.StopAsync(TimeSpan.Zero);
        var network = new CountingNetwork(new WebSocketNetwork());
        var clock = Stopwatch.StartNew();
        var fresh = await HotelNode.StartAsync(DeviceOptions("new-tablet", greengrass.Port), network);
        while (await fresh.OnLoopAsync(replica => replica.LastSequence) < documents && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(5);
        }

        var elapsed = clock.Elapsed;
        var synced = await fresh.OnLoopAsync(replica => replica.LastSequence);
        Console.WriteLine($"initial sync: a new device pulled {synced:N0} of {documents:N0} documents from the Greengrass over WebSocket on loopback");
        Console.WriteLine($"  wall time         {elapsed.TotalSeconds:0.00} s (the new node's start to its last document stored: health probe, connect, catch-up)");
        Console.WriteLine($"  wire (messages)   {network.BytesReceived / 1024.0:0.0} KiB received, {network.BytesSent / 1024.0:0.0} KiB sent, {network.Messages:N0} messages");
        await fresh.StopAsync(TimeSpan.Zero);
        return synced >= documents ? HotelNodeApp.ExitOk : HotelNodeApp.ExitFailed;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
            seen = Interlocked.Read(ref target);
        }
    }

    private static HotelNodeOptions DeviceOptions(string name, int greengrassPort) => new()
    {
        Role = NodeRole.Device,
        NodeId = name,
        OpenStore = SqliteDocumentStore.OpenInMemory,
        Greengrass = new DnsEndPoint("127.0.0.1", greengrassPort),
        HealthProbeInterval = TimeSpan.FromSeconds(1),
    };

    private static async Task<bool> AllFollowAsync(List<HotelNode> devices, TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        foreach (var device in devices)
        {
            while (await device.ActiveEndpointAsync() is null)
            {
                if (DateTime.UtcNow > until)
                {
                    return false;
                }

                await Task.Delay(50);
            }
        }

        return true;
    }

    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
