using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Hospitality.Sync.Hosting.WebRtc;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.DataChannels;

namespace Hospitality.Benchmarks;

/// <summary>
/// Issue #4's figures on real loopback UDP: time to open a data channel, throughput of one
/// channel and managed memory per connection, for our stack and for werift in the same run
/// (werift measures itself with tests/Hospitality.Sync.Interop.Tests/js/werift-bench.mjs).
/// Wall-clock figures belong here, never in a test.
/// </summary>
public static class WebRtcLoopbackFigures
{
    private const int Chunk = 64 * 1024;
    private const long HighWater = 1024 * 1024;

    public static async Task<int> RunAsync(int opens, int megabytes)
    {
        var ours = await MeasureOursAsync(opens, megabytes);
        var werift = MeasureWerift(opens, megabytes);
        Console.WriteLine($"| stack | open p50 (ms) | open min-max (ms) | throughput (MB/s) | memory per connection (KB) |");
        Console.WriteLine($"|---|---|---|---|---|");
        foreach (var row in new[] { ours, werift })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Stack} | {row.OpenMedianMs:F1} | {row.OpenMinMs:F1}-{row.OpenMaxMs:F1} | {row.ThroughputMBps:F1} | {row.BytesPerConnection / 1024.0:F0} |"));
        }

        Console.WriteLine($"({opens} opens each; throughput: {megabytes} MB in {Chunk / 1024} KiB messages, sender paced by bufferedamountlow at {HighWater / 1024} KiB)");
        return 0;
    }

    private static async Task<Figures> MeasureOursAsync(int opens, int megabytes)
    {
        var times = new List<double>();
        for (var i = 0; i < opens; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var pair = await Pair.OpenAsync();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        times.Sort();
        double throughput;
        await using (var pair = await Pair.OpenAsync())
        {
            throughput = await ThroughputAsync(pair, megabytes);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var held = new List<Pair>();
        for (var i = 0; i < 10; i++)
        {
            held.Add(await Pair.OpenAsync());
        }

        var perConnection = (GC.GetTotalMemory(forceFullCollection: true) - before) / (held.Count * 2.0);
        foreach (var pair in held)
        {
            await pair.DisposeAsync();
        }

        return new Figures("Hospitality.Sync", times[times.Count / 2], times[0], times[^1], throughput, perConnection);
    }

    private static async Task<double> ThroughputAsync(Pair pair, int megabytes)
    {
        long total = megabytes * 1024L * 1024L;
        long received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Remote.MessageReceived += message =>
        {
            if (Interlocked.Add(ref received, message.Data.Length) >= total)
            {
                done.TrySetResult();
            }
        };

        var payload = new byte[Chunk];
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Local.BufferedAmountLowThreshold = HighWater;
        pair.Local.BufferedAmountLow += _ => Volatile.Read(ref drained).TrySetResult();
        var started = Stopwatch.GetTimestamp();
        for (long sent = 0; sent < total; sent += Chunk)
        {
            // Arm before checking, so a bufferedamountlow between the check and the await is not lost.
            var wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref drained, wait);
            if (pair.Local.BufferedAmount > HighWater)
            {
                await wait.Task;
            }

            pair.Send(payload);
        }

        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var stats = pair.Offerer.GetStats();
        Console.WriteLine($"ours: {megabytes} MB in {seconds:F2} s, {stats.SctpRetransmissionTimeouts} retransmission timeouts, {stats.SctpFastRetransmits} chunks fast-retransmitted");
        return megabytes / seconds;
    }

    private static Figures MeasureWerift(int opens, int megabytes)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = JsDirectory(), RedirectStandardOutput = true };
        foreach (var argument in new[] { "--expose-gc", "werift-bench.mjs", opens.ToString(CultureInfo.InvariantCulture), megabytes.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        using var node = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var output = node.StandardOutput.ReadToEnd();
        node.WaitForExit();
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        return new Figures(
            root.GetProperty("stack").GetString()!,
            root.GetProperty("openMedianMs").GetDouble(),
            root.GetProperty("openMinMs").GetDouble(),
            root.GetProperty("openMaxMs").GetDouble(),
            root.GetProperty("throughputMBps").GetDouble(),
            root.GetProperty("heapBytesPerConnection").GetDouble());
    }

    private static string JsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Hospitality.Sync.Interop.Tests", "js");
            if (Directory.Exists(Path.Combine(candidate, "node_modules", "werift")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("werift is not installed: run `npm ci --prefix tests/Hospitality.Sync.Interop.Tests/js`");
    }

    private sealed record Figures(string Stack, double OpenMedianMs, double OpenMinMs, double OpenMaxMs, double ThroughputMBps, double BytesPerConnection);

    /// <summary>Two of our peers on loopback with an open channel between them; disposing closes both.</summary>
    private sealed class Pair : IAsyncDisposable
    {
        private Pair(RtcPeerConnection offerer, RtcPeerConnection answerer, DataChannel local, DataChannel remote)
        {
            Offerer = offerer;
            Answerer = answerer;
            Local = local;
            Remote = remote;
        }

        public RtcPeerConnection Offerer { get; }

        public RtcPeerConnection Answerer { get; }

        public DataChannel Local { get; }

        public DataChannel Remote { get; }

        public void Send(ReadOnlyMemory<byte> data) => Local.Send(data);

        public static async Task<Pair> OpenAsync()
        {
            var offerer = Create();
            var answerer = Create();
            var remoteOpen = new TaskCompletionSource<DataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            var localOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            answerer.DataChannel += channel => remoteOpen.TrySetResult(channel);
            var local = offerer.CreateDataChannel("bench");
            local.Opened += _ => localOpen.TrySetResult();

            await offerer.SetLocalDescriptionAsync(await offerer.CreateOfferAsync());
            await answerer.SetRemoteDescriptionAsync(offerer.LocalDescription!);
            await answerer.SetLocalDescriptionAsync(await answerer.CreateAnswerAsync());
            await offerer.SetRemoteDescriptionAsync(answerer.LocalDescription!);
            var remote = await remoteOpen.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await localOpen.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return new Pair(offerer, answerer, local, remote);
        }

        public async ValueTask DisposeAsync()
        {
            await Offerer.DisposeAsync();
            await Answerer.DisposeAsync();
        }

        private static RtcPeerConnection Create() =>
            new(new RtcConfiguration { HostAddresses = [IPAddress.Loopback], MaxMessageSize = 4 * 1024 * 1024 }, OsRtcPorts.Default);
    }
}
