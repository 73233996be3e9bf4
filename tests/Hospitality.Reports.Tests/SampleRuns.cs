using Hospitality.Reports.Model;

namespace Hospitality.Reports.Tests;

/// <summary>
/// Run reports shaped like the simulator's: a hotel with a Greengrass server, phones on Wi-Fi, tablets on
/// the LAN, managers on cellular, a cloud region; latencies drawn from log-normal distributions with a
/// fixed seed, so every test sees the same figures.
/// </summary>
internal static class SampleRuns
{
    public static RunReport GreengrassOutage(ulong seed = 42, string scenario = "greengrass-outage")
    {
        var random = new Random((int)(seed % int.MaxValue));
        var jitter = 0.85 + (random.NextDouble() * 0.3);
        return new RunReport
        {
            Scenario = scenario,
            Description = "The on-premise Greengrass server crashes mid-morning and restarts 5 minutes later; devices fail over to the cloud and back.",
            ScenarioFile = $"scenarios/{scenario}.yaml",
            Seed = seed,
            TraceHash = $"{seed * 0x9E3779B97F4A7C15UL:x16}",
            VirtualSeconds = 86_400,
            WallSeconds = 41.23 * jitter,
            Events = 52_318_771,
            PeakMemoryBytes = 1_288_490_189,
            Topology = new TopologyReport(
            [
                new SegmentTopology("harbour-view", "building", "broadband", [
                    new HostGroup("server", "greengrass", "lan", 1),
                    new HostGroup("device", "housekeeping-phone", "wifi", 40),
                    new HostGroup("device", "front-desk-tablet", "lan", 8),
                ]),
                new SegmentTopology("carrier", "cellular", "internet", [
                    new HostGroup("device", "manager-phone", "cellular", 2),
                ]),
                new SegmentTopology("eu-west", "cloud", "internet", [
                    new HostGroup("server", "cloud", "datacenter", 1),
                ]),
            ]),
            Paths =
            [
                Path(random, "device→greengrass", 6.5 * jitter, 0.55, 48_210),
                Path(random, "device→device, same property", 21 * jitter, 0.6, 1_880_190),
                Path(random, "device→cloud", 95 * jitter, 0.5, 48_210),
                Path(random, "device→device, other property", 310 * jitter, 0.7, 12_004),
            ],
            Series =
            [
                Series("Writes per minute", "writes/min", point => 30 + (25 * Math.Sin(point / 1_440.0 * 2 * Math.PI * 2)) + (random.NextDouble() * 6)),
                Series("p99 propagation per minute", "ms", point => (point is > 600 and < 640 ? 900 : 60) + (random.NextDouble() * 40)),
                Series("Replicas behind", "replicas", point => point is > 600 and < 645 ? 49 - ((point - 600) / 2.0) : random.Next(0, 3)),
            ],
            Bandwidth =
            [
                new BandwidthReport("housekeeping-phone", "lan", 40, 31_400_000 * jitter),
                new BandwidthReport("housekeeping-phone", "internet", 40, 2_100_000 * jitter),
                new BandwidthReport("front-desk-tablet", "lan", 8, 58_900_000 * jitter),
                new BandwidthReport("front-desk-tablet", "internet", 8, 4_700_000 * jitter),
                new BandwidthReport("manager-phone", "internet", 2, 12_800_000 * jitter),
            ],
            PushDeltas =
            [
                new PushDeltaReport("device", 50, 12_480, 7, 0, 0),
                new PushDeltaReport("greengrass", 1, 11_950, 2, 12_480, 7),
                new PushDeltaReport("cloud", 1, 0, 0, 11_950, 2),
            ],
            Heals =
            [
                new HealReport("greengrass crash", 36_000, 36_300, 4.2 * jitter),
                new HealReport("internet outage", 50_400, 52_200, 18.5 * jitter),
                new HealReport("partition: wing B Wi-Fi", 61_200, 61_260, null),
            ],
            Targets =
            [
                new TargetResult("latency.greengrass-lan", "Performance Benchmarks › Latency by method › Greengrass (LAN)", "Device to Greengrass on the property LAN", "< 50 ms", 50, 14.8 * jitter, "ms", TargetVerdict.Pass),
                new TargetResult("latency.cloud", "Performance Benchmarks › Latency by method › Cloud", "Device to cloud over broadband", "< 200 ms", 200, 231 * jitter, "ms", TargetVerdict.Fail),
                new TargetResult("latency.webrtc-p2p", "Performance Benchmarks › Latency by method › WebRTC P2P", "Tablet to tablet over a data channel", "< 20 ms", 20, null, "ms", TargetVerdict.NotMeasured),
                new TargetResult("bandwidth.tablet", "Performance Benchmarks › Bandwidth per device per day › Front-desk tablet", "Front-desk tablet, all channels", "~50 MB/day", 100, 63.6 * jitter, "MB/day", TargetVerdict.Pass),
                new TargetResult("bandwidth.phone", "Performance Benchmarks › Bandwidth per device per day › Housekeeping phone", "Housekeeping phone, all channels", "~20 MB/day", 40, 33.5 * jitter, "MB/day", TargetVerdict.Pass),
                new TargetResult("sync.cross-property", "Use case 3 › Cross-property delay", "Reservation visible at the other property", "< 5 s", 5, 1.42 * jitter, "s", TargetVerdict.Pass),
            ],
            Convergence = new ConvergenceReport(true, 96_420, 52, 0, []),
            Conflicts = new ConflictReport(
                12 + (long)(seed % 5), 19, 9, 2, 1 + (long)(seed % 5), 0, 480_000, 1_086_000,
                [
                    new ConflictSample(814.5, "rooms", "p1-room-101", "001767226414951:00001:tablet-2", "001767226414951:00000:tablet-8", "higher-counter", "greengrass"),
                    new ConflictSample(825, "reservations", "p1-res-1", "001767226414951:00000:tablet-2", "001767225600000:00031:cloud-api", "later-wall-time", "cloud-api"),
                    new ConflictSample(1_462, "rooms", "p1-room-104", "001767227062436:00000:tablet-8", "001767227062436:00000:tablet-7", "node-id-tie-break", "tablet-7"),
                ]),
            Servers =
            [
                new ServerReport("cloud-api", "cloud", 55, 805, 4_025, 3_110, 0.071, 3.3e-6, 1.4e-4, 0, 0.021, 0.021, 0.301),
                new ServerReport("greengrass", "greengrass", 5, 142, 4_080, 835, 12.5 * jitter, 0.012, 0.31, 0.005, 2.4, 18.0, 41.0),
            ],
            Hops =
            [
                new HopReport("device→device, same property", "device→greengrass", 1_880_190, 4.1 * jitter, 9.8, 17.5, 61.0, 0.31, 0.22),
                new HopReport("device→device, same property", "greengrass→device", 1_880_190, 6.0 * jitter, 24.9, 38.2, 204.0, 0.69, 0.78),
                new HopReport("device→device, same property", "greengrass→device", 41_203, 9.0, 300.0, 800.0, 1_204.0, 1, 1, PathPhase.DuringFault),
                new HopReport("device→cloud", "device→greengrass", 48_210, 4.2, 10.1, 16.0, 40.0, 0.05, 0.04),
                new HopReport("device→cloud", "greengrass→cloud", 48_210, 88.0 * jitter, 160.0, 190.0, 212.0, 0.95, 0.96),
            ],
            Queues =
            [
                new QueueReport("Wi-Fi access point queue", "device: wifi", 1_204_118, new TimePercentiles(0.4, 125.0, 169.0, 329.0), new TimePercentiles(0.21, 2.2, 5.7, 27.2), QueuePeriod.StartUp),
                new QueueReport("Wi-Fi access point queue", "device: wifi", 9_120_443, new TimePercentiles(0, 1.92, 6.4, 31.0), new TimePercentiles(0.21, 1.1, 2.9, 9.7), QueuePeriod.AfterStartUp),
                new QueueReport("link delay", "device: wifi, down", 9_120_443, new TimePercentiles(0, 12.0, 110.0, 199.0), new TimePercentiles(1.5, 21.0, 120.0, 200.0)),
                new QueueReport("TCP retransmission", "device", 412, new TimePercentiles(204.0, 1_630.0, 3_210.0, 6_400.0), null),
                new QueueReport("processor", "greengrass, live fan-out", 4_080, new TimePercentiles(0.005, 2.4, 18.0, 41.0), new TimePercentiles(0.05, 0.05, 0.051, 0.052)),
            ],
            Cost = new CostReport(
                "scenarios/costs.yaml",
                "USD",
                120,
                [new PriceReport("live change pages the cloud streamed to the property", "1.00 USD per 1,000,000 messages", "assumption: a managed IoT broker's list price")],
                [new PropertyCost("city-hotel", "Greengrass + cloud", 93_000, 96_600, 104e6, 21e6, 0.19, 10, 10.19 * jitter, 18)]),
        };
    }

    /// <summary>A run that measured nothing: no paths, series, bandwidth, heals or targets.</summary>
    public static RunReport Empty() => new()
    {
        Scenario = "idle-hotel",
        Description = "",
        ScenarioFile = "scenarios/idle-hotel.yaml",
        Seed = 1,
        TraceHash = "0000000000000000",
        VirtualSeconds = 0,
        WallSeconds = 0,
        Events = 0,
        Topology = new TopologyReport([]),
        Paths = [],
        Series = [],
        Bandwidth = [],
        Heals = [],
        Targets = [],
        Convergence = new ConvergenceReport(true, 0, 0, 0, []),
    };

    private static PathReport Path(Random random, string name, double medianMs, double sigma, long deliveries)
    {
        const int samples = 20_000;
        var values = new double[samples];
        for (var index = 0; index < samples; index++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[index] = medianMs * Math.Exp(sigma * normal);
        }

        Array.Sort(values);
        double At(double fraction) => values[Math.Min(samples - 1, (int)(fraction * samples))];
        var cdf = new List<CdfPoint>();
        for (var step = 0; step <= 100; step++)
        {
            var fraction = step / 100.0;
            cdf.Add(new CdfPoint(At(fraction), fraction));
        }

        cdf.Add(new CdfPoint(At(0.999), 0.999));
        cdf.Add(new CdfPoint(values[^1], 1));
        return new PathReport(name, deliveries, At(0.5), At(0.9), At(0.99), At(0.999), values[^1], cdf);
    }

    private static SeriesReport Series(string name, string unit, Func<int, double> value)
    {
        var points = new List<SeriesPoint>();
        for (var minute = 0; minute < 1_440; minute += 5)
        {
            points.Add(new SeriesPoint(minute * 60.0, Math.Round(value(minute), 3)));
        }

        return new SeriesReport(name, unit, points);
    }
}
