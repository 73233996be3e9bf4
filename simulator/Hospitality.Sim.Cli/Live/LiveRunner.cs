using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Hospitality.Reports.Model;
using Hospitality.Sim.Cli.Disk;
using Hospitality.Sim.Discovery;
using Hospitality.Sim.Network;
using Hospitality.Sim.Scenarios;
using Hospitality.Sim.Servers;
using Hospitality.Sim.World;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Cli.Live;

/// <summary>
/// A scenario stood up as real hotel-node processes on this machine: the cloud (preloaded with the
/// scenario's data), the property's Greengrass and its devices, each device playing the writes the
/// simulated run of the same seed makes, through relays that add each link's delay and count each
/// device's bytes on the wire. It then drains, stops every node gracefully and measures the run from
/// the nodes' own stored-version logs and stores into the same <see cref="RunReport"/> a simulated run writes.
/// </summary>
internal sealed class LiveRunner(Scenario scenario, ulong seed, TimeSpan duration, string hotelNode, string folder, TextWriter progress, ShapeMode shape = ShapeMode.None, TimeSpan warmUp = default)
{
    /// <summary>
    /// How long into the workload latency starts to count by default: in a hotel-node's first minute the JIT
    /// compiles the engine's code on its first calls (its nodes run without tiered compilation, see
    /// <see cref="LiveProcess"/>), which a node that runs for weeks never sees again.
    /// </summary>
    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromSeconds(60);

    // Five commits a second: a sample of the disk as the nodes see it, without adding much to its load.
    private static readonly TimeSpan DiskProbeEvery = TimeSpan.FromMilliseconds(200);

    /// <summary>In the nodes' folder: the disk probe's commit times in ms, in the order made.</summary>
    private const string DiskProbeFile = "disk-probe.tsv";

    /// <summary>In the nodes' folder: every chunk the relays held (<see cref="RelayChunk"/>).</summary>
    private const string RelayChunksFile = "relay-chunks.tsv";

    /// <summary>The largest live hotel: every node is a process with its own runtime on this machine.</summary>
    public const int MaxDevices = 20;

    /// <summary>The longest live run: wall-clock time, one to one.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    /// <summary>How long no node may store anything before the run counts as drained (longer than any cloud push interval: 2 s adaptive, 15 s fixed).</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(3);

    /// <summary>The port every node listens on in its own namespace (each has an address of its own there).</summary>
    private const int ShapedPort = 8080;

    private const string Delays = "each path's one-way delay, normal jitter and latency tail (drawn per link the packet crosses in the simulated world, as the simulator draws them, and summed) added by a relay in hsim per device and upstream, with the path's MTU as TCP segment size";

    private static string Shaping(ShapeMode mode) => mode == ShapeMode.Netns
        ? $"{Delays}; every node in a network namespace of its own on a bridge, its veth sending at its link profile's up rate and receiving at its down rate (tbf) and losing packets at the profile's loss rate each way (nftables numgen on the bridge), the cloud's link carrying the property uplink's rates and losses; reordering, duplication and Wi-Fi contention are not shaped"
        : $"{Delays}; links NOT shaped for rate or loss (--shape none: plain loopback); reordering, duplication and Wi-Fi contention are not shaped either";

    /// <summary>Why a scenario cannot run live, or null.</summary>
    public static string? Refusal(Scenario scenario, TimeSpan duration)
    {
        if (scenario.Properties.Count != 1)
        {
            return $"live mode stands up one property; '{scenario.Name}' has {scenario.Properties.Count}";
        }

        if (scenario.Devices is 0 or > MaxDevices)
        {
            return $"live mode runs 1 to {MaxDevices} devices as processes on this machine; '{scenario.Name}' has {scenario.Devices}";
        }

        if (scenario.Properties[0].P2P)
        {
            return $"live mode runs no P2P (hotel-node has no WebRTC peer yet); '{scenario.Name}' has p2p: true (run it with --set properties.{scenario.Properties[0].Name}.p2p=false)";
        }

        if (scenario.Faults.Count > 0)
        {
            return $"live mode plays no faults; '{scenario.Name}' has {scenario.Faults.Count} (run it with the faults taken out)";
        }

        return duration > MaxDuration ? $"a live run lasts at most {MaxDuration.TotalMinutes:0} minutes of wall-clock time; this one would last {duration}" : null;
    }

    public async Task<RunReport> RunAsync(TargetCatalog targets, CancellationToken cancellation)
    {
        var wall = Stopwatch.StartNew();
        var schedule = LiveSchedule.Capture(scenario, seed, duration);
        progress.WriteLine($"hsim live: {schedule.Writes.Count} writes on {schedule.Devices.Count} devices over {schedule.Span} (the run's {duration}, then its drain), {schedule.Preload.Count} documents preloaded on the cloud (from the simulated run, seed {seed})");
        var nodes = Path.Combine(folder, "nodes");
        if (Directory.Exists(nodes))
        {
            Directory.Delete(nodes, recursive: true);
        }

        Directory.CreateDirectory(nodes);
        var cloudName = HotelChainWorld.CloudHostName;
        var greengrassName = HotelChainWorld.GreengrassName(1);
        var seedFile = Path.Combine(nodes, "cloud-seed.jsonl");
        await File.WriteAllLinesAsync(seedFile, schedule.Preload.Select(write => Line(write, atMs: null)), cancellation);

        var processes = new List<LiveProcess>();
        var relays = new List<DelayRelay>();
        NetnsLinks? links = null;
        var loadAtStart = LoadAverage();
        var shapingNotes = new List<string>();
        var atStart = new Dictionary<string, (TimeSpan CpuTime, IReadOnlyDictionary<string, SchedulerStat> Threads)>(StringComparer.Ordinal);
        PacketDelay? delay = null;
        var lan = new Dictionary<string, Func<long>>(StringComparer.Ordinal);
        var internet = new Dictionary<string, Func<long>>(StringComparer.Ordinal);
        DateTimeOffset start;
        DateTimeOffset end;
        DiskProfile? disk = null;
        try
        {
            if (shape == ShapeMode.Netns)
            {
                NetnsLinks.RemoveLeftovers(progress);
                links = NetnsLinks.Create(Environment.ProcessId);
                delay = await PacketDelay.StartAsync(links.Hub, NetnsLinks.DelayQueue);
                progress.WriteLine($"hsim live: links shaped in the kernel: namespaces {links.Hub} and hsim{Environment.ProcessId}-n1.. on {links.Subnet}/24, tbf for rate, nftables for loss, each packet held for its path's delay (NFQUEUE)");
            }
            else
            {
                progress.WriteLine("hsim live: links NOT shaped for rate or loss (--shape none): every node on loopback, only the relay's delay");
            }

            // A node's address and port, and the command line it runs inside: its own namespace when shaped.
            (IPAddress Host, int Port, IReadOnlyList<string> Inside) Place(string name, LinkShape link)
            {
                if (links is null)
                {
                    return (IPAddress.Loopback, LiveProcess.FreePort(), []);
                }

                var node = links.Add(name, link);
                shapingNotes.Add($"{name}: {node.Address} in {node.Namespace}, {link.Profile}: up {link.UpBitsPerSecond / 1e6:0.#} Mbit/s, down {link.DownBitsPerSecond / 1e6:0.#} Mbit/s, loss {link.UpLossRate:0.####%} / {link.DownLossRate:0.####%}, MTU {link.MtuBytes}");
                return (node.Address, ShapedPort, [.. NetnsLinks.Inside(node)]);
            }

            // Where a node reaches a server over a path: the server itself, each packet delayed in the hub, when
            // shaped; a relay in front of it otherwise. With what counts the path's bytes.
            (string At, Func<long> WireBytes) Route(string name, IPAddress from, IPEndPoint server, IReadOnlyList<LinkProfile> path, int stream)
            {
                if (delay is not null)
                {
                    var delayed = new DelayedPath(name, from, server.Address, path, PathSeed(stream));
                    delay.Add(delayed);
                    return ($"{server.Address}:{server.Port}", () => delay.WireBytes(delayed));
                }

                var relay = Relay(relays, name, IPAddress.Loopback, server, path, stream);
                return ($"{IPAddress.Loopback}:{relay.Port}", () => relay.WireBytes);
            }

            var cloudPlace = Place(cloudName, LinkShape.CloudBehind(schedule.Uplink, LinkProfiles.CloudEdge, LinkProfiles.Datacenter));
            var cloud = LiveProcess.Start(hotelNode, cloudName, "cloud", cloudPlace.Host, cloudPlace.Port, nodes, cloudPlace.Inside, ["--Node:SeedFile", seedFile]);
            processes.Add(cloud);
            await cloud.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellation);
            var cloudAt = new IPEndPoint(cloud.Host, cloud.Port);
            LinkProfile[] toCloud = [LinkProfiles.CloudEdge, LinkProfiles.Datacenter];
            LiveProcess? greengrass = null;
            if (schedule.HasGreengrass)
            {
                var place = Place(greengrassName, LinkShape.Of(LinkProfiles.Lan));
                var upstream = Route($"{greengrassName} to {cloudName}", place.Host, cloudAt, [LinkProfiles.Lan, schedule.Uplink, .. toCloud], stream: 1);
                greengrass = LiveProcess.Start(hotelNode, greengrassName, "greengrass", place.Host, place.Port, nodes, place.Inside, ["--cloud", upstream.At]);
                processes.Add(greengrass);
                await greengrass.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellation);
            }

            // Every device starts before the first write; the writes are played from one instant, on every device alike.
            start = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10 + (2 * schedule.Devices.Count));
            var devices = new List<LiveProcess>();
            for (var i = 0; i < schedule.Devices.Count; i++)
            {
                var device = schedule.Devices[i];
                var cellular = device.Link.AttachmentKind == NetworkKind.Cellular;
                var script = Path.Combine(nodes, $"{device.Name}.script.jsonl");
                await File.WriteAllLinesAsync(script, schedule.Writes.Where(write => write.Node == device.Name).Select(write => Line(write, (long)Math.Round(write.AtSeconds * 1000))), cancellation);
                var place = Place(device.Name, LinkShape.Of(device.Link));
                var upstreams = new List<string>();
                if (greengrass is not null && !cellular)
                {
                    var toGreengrass = Route($"{device.Name} to {greengrassName}", place.Host, new IPEndPoint(greengrass.Host, greengrass.Port), [device.Link, LinkProfiles.Lan], stream: 100 + i);
                    lan[device.Name] = toGreengrass.WireBytes;
                    upstreams.AddRange(["--greengrass", toGreengrass.At]);
                }

                var toCloudPath = Route($"{device.Name} to {cloudName}", place.Host, cloudAt, [device.Link, cellular ? LinkProfiles.CarrierCore : schedule.Uplink, .. toCloud], stream: 200 + i);
                internet[device.Name] = toCloudPath.WireBytes;
                upstreams.AddRange(["--cloud", toCloudPath.At]);
                var process = LiveProcess.Start(hotelNode, device.Name, "device", place.Host, place.Port, nodes, place.Inside, [.. upstreams, "--Workload:Script", script, "--Workload:StartAtUnixMs", $"{start.ToUnixTimeMilliseconds()}"]);
                processes.Add(process);
                devices.Add(process);
            }

            foreach (var device in devices)
            {
                await device.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellation);
            }

            if (DateTimeOffset.UtcNow > start)
            {
                progress.WriteLine($"hsim live: warning: the devices were ready only {(DateTimeOffset.UtcNow - start).TotalSeconds:0.0} s after the first write was due");
            }

            progress.WriteLine($"hsim live: {processes.Count} hotel-node processes ready; the workload starts at {start:HH:mm:ss} and runs {schedule.Span}");
            foreach (var process in processes)
            {
                process.ReadCpuTime();
            }

            atStart = processes.ToDictionary(process => process.Name, process => (process.CpuTime, process.Threads), StringComparer.Ordinal);

            // The nodes' commits wait for this disk (their stores are in the folder): timed beside them, so the run says which disk it had.
            var probe = DiskProbe.Start(nodes, DiskProbeEvery);
            try
            {
                await Task.Delay(start + schedule.Span - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellation);
                end = await DrainAsync(nodes, processes, cancellation);
            }
            finally
            {
                (disk, var commits) = await probe.StopAsync();
                await File.WriteAllLinesAsync(Path.Combine(nodes, DiskProbeFile), commits.Select(ms => ms.ToString("0.###", CultureInfo.InvariantCulture)), CancellationToken.None);
                if (disk is not null)
                {
                    progress.WriteLine($"hsim live: the nodes' disk, {commits.Count} commits of a probe store beside theirs: {disk}; to simulate it, add to the scenario:{Environment.NewLine}{DiskProbe.AsYaml(disk)}");
                }
            }

            progress.WriteLine($"hsim live: the last version was stored {(end - start - schedule.Span).TotalSeconds:0} s after the last write was due; stopping the nodes");
            foreach (var process in processes)
            {
                process.ReadCpuTime();
            }

            if (links is not null)
            {
                var dropped = links.DroppedPackets();
                shapingNotes.Add($"packets the kernel dropped for loss (nftables counters): {(dropped.Count == 0 ? "none" : string.Join(", ", dropped.Select(pair => $"{pair.Key} {pair.Value}")))}");
            }

            // Devices first (each pushes what it still holds), then the Greengrass (its pending cloud batch goes now), then the cloud.
            await Task.WhenAll(devices.Select(device => device.StopAsync(TimeSpan.FromSeconds(30))));
            if (greengrass is not null)
            {
                await greengrass.StopAsync(TimeSpan.FromSeconds(30));
            }

            await cloud.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            foreach (var relay in relays)
            {
                await relay.DisposeAsync();
            }

            if (delay is not null)
            {
                await delay.DisposeAsync();
            }

            links?.Dispose();
        }

        List<(string Name, RelayChunk Chunk)> held = [.. relays.SelectMany(relay => relay.Chunks.Select(chunk => (relay.Name, chunk))), .. delay?.Packets() ?? []];
        await File.WriteAllLinesAsync(Path.Combine(nodes, RelayChunksFile), RelayChunkLines(held), CancellationToken.None);
        var lateness = relays.SelectMany(relay => relay.Lateness).Concat(delay?.Lateness() ?? []).Order().ToList();
        shapingNotes.Add(scenario.OneMachineCores == Environment.ProcessorCount
            ? $"the simulated run of this file puts every node on one machine of {Environment.ProcessorCount} cores and one disk (one-machine:), as this run had them"
            : $"this run's {processes.Count} nodes shared {Environment.ProcessorCount} cores and one disk, where the simulated run of this file gives {(scenario.OneMachineCores is { } cores ? $"them one machine of {cores} cores" : "each node a processor of its own")} (one-machine: {{ cores: {Environment.ProcessorCount} }} in the file makes the two alike)");
        shapingNotes.Add($"machine: load average {loadAtStart} at the start, {LoadAverage()} at the end, {Environment.ProcessorCount} cores; processor time per node from the workload's start to its drain: {string.Join(", ", processes.Select(process => $"{process.Name} {(process.CpuTime - atStart.GetValueOrDefault(process.Name).CpuTime).TotalSeconds:0.0} s"))}");
        var waited = processes.Select(process => process.ScheduledSince(atStart.TryGetValue(process.Name, out var at) ? at.Threads : new Dictionary<string, SchedulerStat>())).ToList();
        if (waited.Sum(stat => stat.Timeslices) > 0)
        {
            shapingNotes.Add($"waiting for a core (schedstat of every node's threads over the same span; a thread that ended is counted to its last reading): {waited.Sum(stat => stat.WaitNanoseconds) / 1e9:0.0} s runnable but waiting against {waited.Sum(stat => stat.RunNanoseconds) / 1e9:0.0} s running, {waited.Sum(stat => stat.WaitNanoseconds) / 1e6 / waited.Sum(stat => stat.Timeslices):0.00} ms per time on a core on average");
        }
        if (lateness.Count > 0)
        {
            var read = held.Select(pair => pair.Chunk.ReadLateMs).Order().ToList();
            var priority = relays.All(relay => relay.RealTime) && delay?.RealTime != false ? "at real-time priority" : "NOT all at real-time priority (no privilege to raise them), so its threads waited for cores behind the nodes";
            var what = delay is null ? $"the relay's own error: {lateness.Count} chunks" : $"the packet delay's own error: {lateness.Count} packets";
            var kernel = delay is null ? "" : $"; {delay.Unmatched} packets between nodes on no path let through at once, {delay.Overruns} times the kernel's queue overran our socket, {delay.VerdictsRefused} verdicts refused{(delay.Failure is { } failure ? $"; the delay STOPPED reading ({failure}) and let later packets through undelayed" : "")}";
            shapingNotes.Add($"{what} left {lateness[lateness.Count / 2]:0.000} ms late at the median, {lateness[(int)(lateness.Count * 0.99)]:0.000} ms at p99, {lateness[^1]:0.0} ms at most; {relays.Sum(relay => relay.TailDraws) + (delay?.TailDraws() ?? 0)} of them drawn {DelayRelay.TailDrawnAbove.TotalMilliseconds:0} ms or more above their path's base delay (a link's latency tail); read {read[read.Count / 2]:0.000} ms after the kernel received them at the median, {read[(int)(read.Count * 0.99)]:0.000} ms at p99 (counted from the kernel's stamp, so not added to the delay){kernel}; reader and writer threads {priority}");
        }

        wall.Stop();
        return Report(targets, schedule, processes, lan, internet, nodes, start, end, wall.Elapsed, shapingNotes) with { Disk = disk?.ToString() };
    }

    private RunReport Report(TargetCatalog targets, LiveSchedule schedule, List<LiveProcess> processes, Dictionary<string, Func<long>> lan, Dictionary<string, Func<long>> internet, string nodes, DateTimeOffset start, DateTimeOffset end, TimeSpan wall, List<string> shapingNotes)
    {
        var names = processes.Select(process => process.Name).ToList();
        var logs = names.ToDictionary(name => name, name => LiveMeasurements.ReadLog(Path.Combine(nodes, $"{name}.stored.tsv")), StringComparer.Ordinal);
        var roles = processes.ToDictionary(process => process.Name, process => process.Role, StringComparer.Ordinal);
        var cellular = schedule.Devices.Where(device => device.Link.AttachmentKind == NetworkKind.Cellular).Select(device => device.Name).ToHashSet(StringComparer.Ordinal);
        var writers = schedule.Devices.Select(device => device.Name).ToHashSet(StringComparer.Ordinal);
        var measuredFrom = (start + warmUp - DateTimeOffset.UnixEpoch).Ticks / 10;
        var paths = LiveMeasurements.Paths(logs, roles, cellular, writers, fromMicros: measuredFrom);
        var warming = warmUp > TimeSpan.Zero ? LiveMeasurements.Paths(logs, roles, cellular, writers, untilMicros: measuredFrom) : [];
        var elapsed = (end - start).TotalSeconds;

        // Per day of the simulated run's span (its duration and drain, in which the same writes were made), as the simulator scales its own bytes.
        var perDay = 86_400 / Math.Max(1, schedule.Span.TotalSeconds);
        var bandwidth = schedule.Devices.GroupBy(device => device.Kind).OrderBy(group => group.Key, StringComparer.Ordinal).SelectMany(kind => new[]
        {
            new BandwidthReport(kind.Key, "lan", kind.Count(), kind.Average(device => lan.TryGetValue(device.Name, out var bytes) ? bytes() : 0) * perDay),
            new BandwidthReport(kind.Key, "internet", kind.Count(), kind.Average(device => internet[device.Name]()) * perDay),
        }).ToList();
        var initialSync = LiveMeasurements.InitialSync(logs, processes.Where(process => process.Role == "device"), HotelChainWorld.CloudHostName, schedule.Preload.Count);
        var written = schedule.Writes.Concat(schedule.Preload).Select(write => (write.Collection, write.Id)).ToHashSet();
        var convergence = LiveMeasurements.Convergence(nodes, names, HotelChainWorld.CloudHostName, schedule.Writes.Count + schedule.Preload.Count, written);
        var notes = new List<string>
        {
            $"the writes are the simulated run's (seed {seed}): {schedule.Writes.Count} on the devices, {schedule.Preload.Count} preloaded on the cloud; latency is wall-clock from the writer's store to each other node's, from the nodes' own logs",
            "the cloud's preloaded documents are left out of the paths (the devices start before the run, so their initial sync is not a propagation from the run's start)",
            shape == ShapeMode.Netns
                ? "bytes per device are every packet between the device and its server from its start to its stop, as the hub forwarded them to the packet delay: IP length (payload, IP and TCP headers; a data segment's headers are the 52 bytes the simulator counts), lost ones included, scaled to a day by the simulated run's span; both sides speak WebSocket (the upgrade, frame headers and close frames counted alike)"
                : "bytes per device are the kernel's count (TCP_INFO) of the device's connections from its start to its stop: payload both ways plus 52 header bytes per segment, as the simulator counts, each way as its sender sent it (the device's segments where they reach the relay, the server's where they reach it), so the relay's own ACKs are not counted, scaled to a day by the simulated run's span; both sides speak WebSocket (the upgrade, frame headers and close frames counted alike)",
            shape == ShapeMode.Netns
                ? "the nodes speak the framed protocol over WebSocket, one process each in a network namespace of its own; no faults are played"
                : "the nodes speak the framed protocol over WebSocket on loopback, one process each; no faults are played",
        };
        notes.Add(warmUp > TimeSpan.Zero
            ? $"latency counts the writes made from {warmUp.TotalSeconds:0} s into the workload on (--warm-up; 0 counts them all): before that the nodes compile the engine's code (fully optimised on its first call: tiered compilation is off, as a node that has run for weeks runs optimised code); those writes took "
              + (warming.Count == 0 ? "nothing measurable" : string.Join(", ", warming.Select(path => $"{path.Path} p50 {path.P50:0.00} ms, p99 {path.P99:0.0} ms ({path.Deliveries})")))
            : "latency counts every write, the nodes' JIT warm-up included (--warm-up 0)");
        notes.Add($"each node logs every run-loop task that ran or waited {LiveProcess.SlowTaskMs} ms or more, with its GC pauses, JIT time, time on a core and time runnable but waiting for one (nodes/<node>.log)");
        notes.AddRange(shapingNotes);
        var property = scenario.Properties[0];
        if (property.Discovery == DiscoveryMode.Mdns)
        {
            notes.Add("the live devices are given their upstreams; the simulated run of this file finds the Greengrass by mDNS and runs a network detector that probes the cloud (discovery: static in the file makes the two alike)");
        }

        return new RunReport
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            ScenarioFile = scenario.File,
            ScenarioSha256 = scenario.TextSha256,
            TargetsFile = targets.Source,
            Settings = scenario.Settings,
            Seed = seed,
            TraceHash = "live",
            DurationSeconds = duration.TotalSeconds,
            WarmUpSeconds = warmUp.TotalSeconds,
            VirtualSeconds = Math.Round(elapsed, 2),
            WallSeconds = Math.Round(wall.TotalSeconds, 2),
            Events = schedule.Writes.Count,
            Topology = new TopologyReport(
            [
                new SegmentTopology(property.Name, "building", property.Uplink,
                [
                    .. schedule.HasGreengrass ? new[] { new HostGroup("greengrass", "greengrass", "lan", 1) } : [],
                    .. schedule.Devices.GroupBy(device => (device.Kind, device.Link.Name)).OrderBy(group => group.Key.Kind, StringComparer.Ordinal).ThenBy(group => group.Key.Name, StringComparer.Ordinal)
                        .Select(group => new HostGroup("device", group.Key.Kind, group.Key.Name, group.Count())),
                ]),
                new SegmentTopology("cloud", "cloudregion", LinkProfiles.CloudEdge.Name, [new HostGroup("cloud", "cloud", LinkProfiles.Datacenter.Name, 1)]),
            ]),
            Paths = paths,
            Series = [],
            Bandwidth = bandwidth,
            Heals = [],
            Targets = MeasuredTargets.Judge(scenario, targets, seed, paths, bandwidth, initialSync),
            Convergence = convergence,
            Live = new LiveRun(Shaping(shape), notes),
        };
    }

    /// <summary>Waits until no node has stored anything for <see cref="Quiet"/> (every write everywhere), at most <see cref="DrainLimit"/>; returns when it was last busy.</summary>
    private static async Task<DateTimeOffset> DrainAsync(string nodes, List<LiveProcess> processes, CancellationToken cancellation)
    {
        var limit = DateTimeOffset.UtcNow + DrainLimit;
        var lastSize = -1L;
        var lastChange = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow < limit)
        {
            var size = processes.Sum(process => new FileInfo(Path.Combine(nodes, $"{process.Name}.stored.tsv")) is { Exists: true } file ? file.Length : 0);
            if (size != lastSize)
            {
                lastSize = size;
                lastChange = DateTimeOffset.UtcNow;
            }
            else if (DateTimeOffset.UtcNow - lastChange >= Quiet)
            {
                return lastChange;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
        }

        return DateTimeOffset.UtcNow;
    }

    /// <summary>Every chunk a relay held, or packet the delay held, as tab-separated lines, times in Unix microseconds like the nodes' stored logs.</summary>
    private static IEnumerable<string> RelayChunkLines(List<(string Name, RelayChunk Chunk)> held)
    {
        var unixMicrosecondsAtZero = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000) - Microseconds(Stopwatch.GetTimestamp());
        yield return "relay\tway\tarrivedUnixUs\treadLateMs\tbytes\tdrawnMs\tdueUnixUs";
        foreach (var (name, chunk) in held)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{name}\t{(chunk.Up ? "up" : "down")}\t{unixMicrosecondsAtZero + Microseconds(chunk.ArrivedTimestamp)}\t{chunk.ReadLateMs:0.###}\t{chunk.Bytes}\t{chunk.DrawnMs:0.###}\t{unixMicrosecondsAtZero + Microseconds(chunk.DueTimestamp)}");
        }

        static long Microseconds(long timestamp) => (long)(timestamp * (1e6 / Stopwatch.Frequency));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private DelayRelay Relay(List<DelayRelay> relays, string name, IPAddress listenOn, IPEndPoint target, IReadOnlyList<LinkProfile> links, int stream)
    {
        var relay = new DelayRelay(name, listenOn, target, links, PathSeed(stream));
        relay.Start();
        relays.Add(relay);
        return relay;
    }

    /// <param name="stream">A path's own random stream within the run's seed: each seed draws other delays, so
    /// live runs of different seeds sample the links' tails independently (seed 1 keeps the streams it always had).</param>
    private ulong PathSeed(int stream) => ((seed - 1) * 1_000) + (ulong)stream;

    /// <summary>One JSON line of a seed file or a device's script; the body goes in as the JSON it is.</summary>
    private static string Line(LiveWrite write, long? atMs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (atMs is { } at)
            {
                json.WriteNumber("atMs", at);
            }

            json.WriteString("collection", write.Collection);
            json.WriteString("id", write.Id);
            json.WritePropertyName("body");
            json.WriteRawValue(write.Body);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
