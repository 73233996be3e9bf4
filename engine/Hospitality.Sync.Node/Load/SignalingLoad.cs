using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Hospitality.Sync.Node.Load;

/// <summary>
/// <c>hotel-node load --signaling</c>: a cloud node as a child process and, in this process, peers
/// joining its <c>/signaling</c> over real WebSockets with the JSON text frames a browser sends.
/// Each peer sends what a connection set-up sends (one offer of a few KiB, then ICE candidates) to
/// room-mates at a set rate; measures joins, relayed messages per second, relay latency and the
/// server's CPU and memory per peer.
/// </summary>
internal static class SignalingLoad
{
    private const int PeersMax = 5_000;

    // A browser's offer with one data channel is about 1-2 KiB of SDP; a candidate line about 100 bytes.
    private static readonly string OfferPadding = new('s', 1_400);

    public static async Task<int> RunAsync(LoadArguments arguments)
    {
        int peers, rooms, seconds, rate;
        try
        {
            peers = arguments.Number("--peers", 1_000, PeersMax, min: 2);
            rooms = arguments.Number("--rooms", 100, peers / 2); // every peer has a room-mate to signal
            seconds = arguments.Number("--seconds", 30, 3_600);
            rate = arguments.Number("--messages-per-second", 5, 50);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"hotel-node load: {exception.Message}");
            return HotelNodeApp.ExitBadInput;
        }

        var folder = Directory.CreateTempSubdirectory("hotel-node-signaling-load-").FullName;
        try
        {
            await using var cloud = await ChildNode.StartAsync(LoadRun.FreePort(), ["--role", "cloud", "--node-id", "cloud", "--Logging:LogLevel:Default", "Warning", "--data", folder]);
            return await MeasureAsync(cloud, peers, rooms, seconds, rate);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(ChildNode cloud, int peerCount, int rooms, int seconds, int rate)
    {
        var uri = new Uri($"ws://127.0.0.1:{cloud.Port}/signaling");
        var residentBefore = cloud.ResidentBytes;
        var joining = Stopwatch.StartNew();
        var peers = new List<SignalingLoadPeer>(peerCount);
        for (var i = 0; i < peerCount; i++)
        {
            peers.Add(await SignalingLoadPeer.JoinAsync(uri, $"hotel-{i % rooms}", $"tablet-{i}"));
        }

        var patience = Task.Delay(TimeSpan.FromSeconds(60));
        if (await Task.WhenAny(Task.WhenAll(peers.Select(peer => peer.Listed)), patience) == patience)
        {
            await Console.Error.WriteLineAsync($"hotel-node load: {peers.Count(peer => !peer.Listed.IsCompleted)} of {peerCount} peers got no peer list within 60 s");
            return HotelNodeApp.ExitFailed;
        }

        var joined = joining.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2)); // the last peer-joined notices
        var residentJoined = cloud.ResidentBytes;
        var cpuBefore = cloud.CpuTime;
        var receivedBefore = peers.Sum(peer => peer.Received);
        foreach (var peer in peers)
        {
            peer.ResetCounts();
        }

        var phase = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var senders = peers.Select((peer, index) => Task.Run(async () =>
        {
            var random = new Random(index);
            var mates = Enumerable.Range(0, peerCount).Where(other => other % rooms == index % rooms && other != index).Select(other => $"tablet-{other}").ToArray();
            await Task.Delay(TimeSpan.FromTicks((long)(random.NextDouble() * interval.Ticks)));
            using var timer = new PeriodicTimer(interval);
            var sent = 0;
            do
            {
                var to = mates[random.Next(mates.Length)];
                var stamp = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);
                // One offer, then four candidates, as a set-up sends them.
                var message = sent++ % 5 == 0
                    ? new { type = "offer", to, sdp = $"v=0 t={stamp} {OfferPadding}" }
                    : (object)new { type = "ice-candidate", to, candidate = $"candidate:1 1 udp 2122260223 192.168.1.{index % 250} 5{index % 9999:0000} typ host t={stamp}" };
                if (!await peer.SendAsync(JsonSerializer.Serialize(message)))
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync() && phase.Elapsed < TimeSpan.FromSeconds(seconds));
        })).ToList();
        await Task.WhenAll(senders);
        var sending = phase.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3)); // messages still on their way
        var window = phase.Elapsed;
        var cpu = cloud.CpuTime - cpuBefore;
        var residentPeak = cloud.PeakResidentBytes;

        var sentTotal = peers.Sum(peer => peer.Sent);
        var delivered = peers.Sum(peer => peer.Relayed);
        var errors = peers.Sum(peer => peer.Errors);
        var ended = peers.Where(peer => peer.Ended is not null).ToList();
        var latencies = peers.SelectMany(peer => peer.Latencies).Order().ToList();
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        string Percentile(double p) => latencies.Count == 0 ? "-" : $"{Ms(latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))]):0.0} ms";
        const double mebibyte = 1024.0 * 1024;
        Console.WriteLine($"signaling load: {peerCount:N0} peers in {rooms} rooms on one hotel-node (cloud role) over WebSocket on loopback, {rate} messages/s each");
        Console.WriteLine($"  joins             {peerCount:N0} in {joined.TotalSeconds:0.0} s, each with its peer list ({receivedBefore:N0} messages to the peers while joining)");
        Console.WriteLine($"  relayed           {delivered:N0} of {sentTotal:N0} sent in {sending.TotalSeconds:0} s = {delivered / sending.TotalSeconds:N0} messages/s; {errors} refused");
        Console.WriteLine($"  relay latency     p50 {Percentile(0.50)}  p99 {Percentile(0.99)}  max {Percentile(1.0)} (send to the addressed peer's receive)");
        Console.WriteLine($"  server CPU        {cpu.TotalSeconds:0.0} s in {window.TotalSeconds:0} s = {cpu.TotalSeconds / window.TotalSeconds * 100:0}% of one core");
        Console.WriteLine($"  server memory     {residentBefore / mebibyte:0} MiB before the joins, {residentJoined / mebibyte:0} MiB with every peer joined ({(residentJoined - residentBefore) / (double)peerCount / 1024:0.0} KiB per peer), peak {residentPeak / mebibyte:0} MiB");
        if (peers.Select(peer => peer.FirstError).FirstOrDefault(error => error is not null) is { } refusal)
        {
            Console.WriteLine($"  first refusal     {refusal}");
        }

        if (ended.Count > 0)
        {
            Console.WriteLine($"  connections lost  {ended.Count} (the first: {ended[0].Ended})");
        }

        await Task.WhenAll(peers.Select(peer => peer.CloseAsync()));
        return delivered >= sentTotal * 0.99 && errors == 0 && ended.Count == 0 ? HotelNodeApp.ExitOk : HotelNodeApp.ExitFailed;
    }}
