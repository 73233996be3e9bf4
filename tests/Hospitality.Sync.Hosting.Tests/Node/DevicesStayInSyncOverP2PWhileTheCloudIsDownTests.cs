using System.Diagnostics;
using System.Globalization;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Hosting.Tests.Replication;
using Hospitality.Sync.Node;
using Hospitality.Sync.Storage;
using Xunit.Abstractions;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>
/// Issue #14 6(b), the seed's use case 1 (cloud + P2P fallback in a small hotel) as a hotel runs it: a
/// cloud and three devices with P2P on, four hotel-node processes on loopback. The devices link over
/// WebRTC (real UDP, BouncyCastle's DTLS) after signaling through the cloud's /signaling; then the cloud
/// process is killed (the internet is cut: replication and signaling gone, nothing drained), each device
/// writes, and every device holds every write over P2P alone; the cloud restarts on the same store and
/// catches up from the devices' outboxes, and all four stores agree. Each node's stored log (wall-clock
/// µs per version stored) gives write-to-visible time between processes. Times are reported, and bounded
/// only generously (this machine is shared).
/// </summary>
[Collection(LoopbackNodesCollection.Name)]
public sealed class DevicesStayInSyncOverP2PWhileTheCloudIsDownTests(ITestOutputHelper output) : IDisposable
{
    private const int Devices = 3;

    private const int WritesPerDevice = 10;

    private const int WriteSpacingMs = 300;

    /// <summary>When the scripted writes begin, after the devices start: room for four processes to start and the mesh to form on a busy machine, and for the cut.</summary>
    private static readonly TimeSpan WritesStartAfter = TimeSpan.FromSeconds(30);

    /// <summary>Bounds on each wait (each a failure with every process's log when exceeded).</summary>
    private static readonly TimeSpan ReadyPatience = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan MeshPatience = TimeSpan.FromSeconds(25);

    private static readonly TimeSpan P2PPatience = TimeSpan.FromSeconds(20);

    /// <summary>A device's replicator retries its upstream with capped backoff (ReplicatorOptions: 1 s doubling to 30 s), so after a 30 s outage its next try may be up to 30 s away.</summary>
    private static readonly TimeSpan CatchUpPatience = TimeSpan.FromSeconds(60);

    private readonly string _data = Directory.CreateTempSubdirectory("hotel-node-p2p-").FullName;

    [Fact]
    public async Task Three_device_processes_cut_from_the_cloud_stay_in_sync_over_p2p_and_the_cloud_catches_up_when_it_returns()
    {
        var names = Enumerable.Range(1, Devices).Select(n => $"tablet-{n}").ToList();
        var cloudPort = HotelNodeProcess.FreePort();
        var processes = new List<NodeChildProcess>();
        var cloud = StartCloud(cloudPort);
        processes.Add(cloud);
        try
        {
            await cloud.WaitReadyAsync(ReadyPatience);
            var launched = Stopwatch.StartNew();
            var writesStartAt = DateTimeOffset.UtcNow + WritesStartAfter;
            var devices = names.Select((name, index) => NodeChildProcess.Start(
                name,
                HotelNodeProcess.FreePort(),
                "--role", "device", "--node-id", name, "--data", _data, "--cloud", $"127.0.0.1:{cloudPort}", "--p2p", "true",
                "--Node:HealthProbeIntervalMs", "500",
                "--Node:StoredLog", StoredLogOf(name),
                "--Workload:Script", Script(name, index),
                "--Workload:StartAtUnixMs", writesStartAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))).ToList();
            processes.AddRange(devices);
            foreach (var device in devices)
            {
                await device.WaitReadyAsync(ReadyPatience);
            }

            // The mesh: three devices under a fan-out of 6 link to both others.
            await Until(async () => (await Task.WhenAll(devices.Select(device => device.ReadyAsync()))).All(ready => ready is { PeersLinked: Devices - 1 }), MeshPatience, "the three devices did not all link to both others", processes);
            output.WriteLine($"mesh formed {launched.ElapsedMilliseconds} ms after the devices were launched");

            // The cut: the cloud process dies (SIGKILL), so replication and signaling through it are gone at once.
            cloud.Kill();
            var cutAt = DateTimeOffset.UtcNow;
            Assert.True(cutAt < writesStartAt - TimeSpan.FromSeconds(1), $"setup took {launched.Elapsed.TotalSeconds:F1} s: the cut came after the writes began at {WritesStartAfter.TotalSeconds} s; the test cannot show the outage\n{Logs(processes)}");

            // Every device holds every write, over P2P alone.
            var writesEndAt = writesStartAt + TimeSpan.FromMilliseconds(((WritesPerDevice - 1) * WriteSpacingMs) + (Devices * 100));
            await Until(() => Task.FromResult(names.All(name => Stored(name).Count == Devices * WritesPerDevice)), writesEndAt - DateTimeOffset.UtcNow + P2PPatience, "not every device holds every write over P2P while the cloud is down", processes);
            var logs = names.ToDictionary(name => name, Stored);
            var writes = names.SelectMany(name => logs[name].Where(entry => entry.Value.Origin == name).Select(entry => (Writer: name, entry.Key, entry.Value.Micros))).ToList();
            Assert.Equal(Devices * WritesPerDevice, writes.Count);
            var deliveries = writes.SelectMany(write => names.Where(name => name != write.Writer).Select(name => (Path: $"{write.Writer}->{name}", At: write.Micros, Ms: (logs[name][write.Key].Micros - write.Micros) / 1000.0))).ToList();
            var visibleMs = deliveries.Select(delivery => delivery.Ms).Order().ToList();
            output.WriteLine($"write-to-visible between device processes over P2P, cloud down: p50 {Percentile(visibleMs, 0.5):F1} ms, p99 {Percentile(visibleMs, 0.99):F1} ms, max {visibleMs[^1]:F1} ms over {visibleMs.Count} deliveries of {writes.Count} writes; slowest: {string.Join(", ", deliveries.OrderByDescending(delivery => delivery.Ms).Take(3).Select(delivery => $"{delivery.Path} {delivery.Ms:F1} ms at {DateTimeOffset.UnixEpoch + TimeSpan.FromMicroseconds(delivery.At):HH:mm:ss.fff}"))}");

            // The upstream really is down: every write is still queued for it on every device (its own and its peers').
            foreach (var device in devices)
            {
                Assert.True(await device.ReadyAsync() is { Outbox: Devices * WritesPerDevice, PeersLinked: Devices - 1 }, $"{device.Name}: expected {Devices * WritesPerDevice} writes queued and {Devices - 1} peers linked while the cloud is down, got {await device.ReadyAsync()}\n{Logs(processes)}");
            }

            // The cloud comes back on the same store (and port): the devices' outboxes drain into it.
            var relaunchedAt = DateTimeOffset.UtcNow;
            cloud = StartCloud(cloudPort);
            processes.Add(cloud);
            await cloud.WaitReadyAsync(ReadyPatience);
            var readyAt = DateTimeOffset.UtcNow;
            var keys = writes.Select(write => write.Key).ToHashSet();
            await Until(async () => keys.IsSubsetOf(Stored("cloud").Keys) && (await Task.WhenAll(devices.Select(device => device.ReadyAsync()))).All(ready => ready is { Outbox: 0 }), CatchUpPatience, "the cloud did not catch up with every write, or a device's outbox did not drain", processes);
            var drainedSeenAt = DateTimeOffset.UtcNow;
            var cloudLog = Stored("cloud");
            var lastAtCloud = DateTimeOffset.UnixEpoch + TimeSpan.FromMicroseconds(keys.Max(key => cloudLog[key].Micros));
            output.WriteLine(
                $"cloud back: ready {(readyAt - relaunchedAt).TotalMilliseconds:F0} ms after relaunch; held all {keys.Count} writes {(lastAtCloud - relaunchedAt).TotalMilliseconds:F0} ms after relaunch "
                + $"({(lastAtCloud - readyAt).TotalMilliseconds:F0} ms after readiness was seen); outboxes seen empty {(drainedSeenAt - readyAt).TotalMilliseconds:F0} ms after readiness (100 ms polling)");

            foreach (var process in processes.Where(process => !process.HasExited))
            {
                Assert.Equal(HotelNodeApp.ExitOk, await process.TerminateAsync());
            }

            // All four agree, document for document, and nothing is left queued anywhere.
            var stores = names.Prepend("cloud").Select(name => (Name: name, Documents: Read(name, out var outbox), Outbox: outbox)).ToList();
            Assert.All(stores, store => Assert.Equal(0, store.Outbox));
            Assert.Equal(Devices * WritesPerDevice, stores[0].Documents.Count);
            Assert.All(stores.Skip(1), store => Assert.Equal(stores[0].Documents, store.Documents));
        }
        finally
        {
            // Shown with detailed verbosity: what each process did when (links, failover), also when the test passed.
            output.WriteLine(Logs(processes));
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private static double Percentile(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    private static string Logs(IEnumerable<NodeChildProcess> processes) => string.Join('\n', processes.Select(process => process.Log()));

    private static async Task Until(Func<Task<bool>> condition, TimeSpan patience, string failure, IEnumerable<NodeChildProcess> processes)
    {
        var until = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"{failure} within {patience.TotalSeconds:F0} s\n{Logs(processes)}");
            }

            await Task.Delay(100);
        }
    }

    private NodeChildProcess StartCloud(int port) =>
        NodeChildProcess.Start("cloud", port, "--role", "cloud", "--node-id", "cloud", "--data", _data, "--Node:StoredLog", StoredLogOf("cloud"));

    private string StoredLogOf(string node) => Path.Combine(_data, $"{node}.stored");

    /// <summary>
    /// What a node's stored log holds so far (flushed every second): per version (HLC stamp and writer), when
    /// it was stored there (wall-clock µs), and who wrote it.
    /// </summary>
    private Dictionary<string, (long Micros, string Origin)> Stored(string node)
    {
        var stored = new Dictionary<string, (long Micros, string Origin)>(StringComparer.Ordinal);
        var path = StoredLogOf(node);
        if (!File.Exists(path))
        {
            return stored;
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (fields.Length == 3)
            {
                stored.TryAdd($"{fields[1]}/{fields[2]}", (long.Parse(fields[0], CultureInfo.InvariantCulture), fields[2]));
            }
        }

        return stored;
    }

    /// <summary>The device's writes: rooms of its own (so none overwrites another's), one every <see cref="WriteSpacingMs"/>, devices staggered by 100 ms.</summary>
    private string Script(string device, int index)
    {
        var path = Path.Combine(_data, $"{device}.script");
        File.WriteAllLines(path, Enumerable.Range(0, WritesPerDevice).Select(k =>
        {
            var number = ((index + 1) * 1000) + k;
            return $$$"""{"atMs":{{{(k * WriteSpacingMs) + (index * 100)}}},"collection":"rooms","id":"room-{{{number}}}","body":{"id":"room-{{{number}}}","number":"{{{number}}}","floor":{{{number / 100}}},"type":"deluxe","status":"clean","notes":"{{{device}}} during the outage"}}""";
        }));
        return path;
    }

    private List<Document> Read(string node, out int outbox)
    {
        using var store = SqliteDocumentStore.OpenFile(Path.Combine(_data, $"{node}.db"));
        outbox = store.OutboxCount;
        return store.ChangesSince(0, 10_000).Changes.Select(change => change.Document)
            .OrderBy(document => document.Collection, StringComparer.Ordinal).ThenBy(document => document.Id, StringComparer.Ordinal).ToList();
    }
}
