using Hospitality.Sim.Network.Wifi;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Network;

/// <summary>
/// The named link profiles. Numbers are one-way, per hop; docs/network-model.md gives the table
/// and the measurements each one comes from.
/// </summary>
public static class LinkProfiles
{
    /// <summary>Switched gigabit Ethernet inside a building.</summary>
    public static LinkProfile Lan { get; } = new()
    {
        Name = "lan",
        BaseLatency = TimeSpan.FromMicroseconds(100),
        Jitter = TimeSpan.FromMicroseconds(20),
        UpBitsPerSecond = 1_000_000_000,
        DownBitsPerSecond = 1_000_000_000,
        QueueLimitBytes = 1024 * 1024,
    };

    /// <summary>
    /// A healthy 802.11ac access point in 5 GHz: per-station queues, a PHY rate of 200 Mbit/s (two
    /// streams, 40 MHz, clients at mixed distances), retries at falling rates, rare station stalls.
    /// </summary>
    public static LinkProfile Wifi { get; } = new()
    {
        Name = "wifi",
        BaseLatency = TimeSpan.FromMilliseconds(1.5),
        Jitter = TimeSpan.FromMilliseconds(0.5),
        TailProbability = 0.01,
        TailScale = TimeSpan.FromMilliseconds(10),
        LossRate = 0.001,
        UpBitsPerSecond = 200_000_000,
        DownBitsPerSecond = 200_000_000,
        FramingOverheadBytes = 60,
        Wifi = new WifiMac(),
        AttachmentKind = NetworkKind.Wifi,
    };

    /// <summary>A crowded 2.4 GHz 802.11n access point (lobby on a Friday evening): slow PHY rates, many failed attempts, bursty.</summary>
    public static LinkProfile WifiCongested { get; } = new()
    {
        Name = "wifi-congested",
        BaseLatency = TimeSpan.FromMilliseconds(8),
        Jitter = TimeSpan.FromMilliseconds(6),
        TailProbability = 0.05,
        TailScale = TimeSpan.FromMilliseconds(40),
        LossRate = 0.02,
        UpBitsPerSecond = 40_000_000,
        DownBitsPerSecond = 40_000_000,
        QueueLimitBytes = 128 * 1024,
        FramingOverheadBytes = 60,
        DuplicationRate = 0.001,
        ReorderRate = 0.005,
        Wifi = new WifiMac { Preamble = TimeSpan.FromMicroseconds(36), AttemptErrorRate = 0.25, MaxPpduTime = TimeSpan.FromMilliseconds(4) },
        AttachmentKind = NetworkKind.Wifi,
    };

    /// <summary>A property's internet line (cable/fibre business broadband), to the internet core.</summary>
    public static LinkProfile Broadband { get; } = new()
    {
        Name = "broadband",
        BaseLatency = TimeSpan.FromMilliseconds(10),
        Jitter = TimeSpan.FromMilliseconds(2),
        TailProbability = 0.005,
        TailScale = TimeSpan.FromMilliseconds(20),
        LossRate = 0.0005,
        UpBitsPerSecond = 20_000_000,
        DownBitsPerSecond = 100_000_000,
        QueueLimitBytes = 512 * 1024,
    };

    /// <summary>LTE: tens of milliseconds each way, scheduling spikes, asymmetric bandwidth.</summary>
    public static LinkProfile Cellular4G { get; } = new()
    {
        Name = "cellular-4g",
        BaseLatency = TimeSpan.FromMilliseconds(30),
        Jitter = TimeSpan.FromMilliseconds(10),
        TailProbability = 0.02,
        TailScale = TimeSpan.FromMilliseconds(100),
        LossRate = 0.005,
        UpBitsPerSecond = 8_000_000,
        DownBitsPerSecond = 20_000_000,
        MtuBytes = 1428,
        FramingOverheadBytes = 0,
        AttachmentKind = NetworkKind.Cellular,
    };

    /// <summary>HSPA fallback in a basement or a far building: slow and spiky.</summary>
    public static LinkProfile Cellular3G { get; } = new()
    {
        Name = "cellular-3g",
        BaseLatency = TimeSpan.FromMilliseconds(60),
        Jitter = TimeSpan.FromMilliseconds(30),
        TailProbability = 0.05,
        TailScale = TimeSpan.FromMilliseconds(300),
        LossRate = 0.015,
        UpBitsPerSecond = 500_000,
        DownBitsPerSecond = 2_000_000,
        QueueLimitBytes = 64 * 1024,
        MtuBytes = 1400,
        FramingOverheadBytes = 0,
        ReorderRate = 0.002,
        AttachmentKind = NetworkKind.Cellular,
    };

    /// <summary>Inside a cloud region: servers on a datacenter fabric.</summary>
    public static LinkProfile Datacenter { get; } = new()
    {
        Name = "datacenter",
        BaseLatency = TimeSpan.FromMicroseconds(50),
        Jitter = TimeSpan.FromMicroseconds(10),
        UpBitsPerSecond = 10_000_000_000,
        DownBitsPerSecond = 10_000_000_000,
        QueueLimitBytes = 4 * 1024 * 1024,
    };

    /// <summary>A cloud region's edge to the internet core.</summary>
    public static LinkProfile CloudEdge { get; } = new()
    {
        Name = "cloud-edge",
        BaseLatency = TimeSpan.FromMilliseconds(5),
        Jitter = TimeSpan.FromMilliseconds(1),
        LossRate = 0.0001,
        UpBitsPerSecond = 10_000_000_000,
        DownBitsPerSecond = 10_000_000_000,
        QueueLimitBytes = 4 * 1024 * 1024,
    };

    /// <summary>A mobile carrier's core between the radio network and the internet.</summary>
    public static LinkProfile CarrierCore { get; } = new()
    {
        Name = "carrier-core",
        BaseLatency = TimeSpan.FromMilliseconds(8),
        Jitter = TimeSpan.FromMilliseconds(2),
        UpBitsPerSecond = 10_000_000_000,
        DownBitsPerSecond = 10_000_000_000,
        QueueLimitBytes = 4 * 1024 * 1024,
    };

    public static IReadOnlyList<LinkProfile> All { get; } =
        [Lan, Wifi, WifiCongested, Broadband, Cellular4G, Cellular3G, Datacenter, CloudEdge, CarrierCore];

    /// <summary>Finds a profile by its name (as written in scenario files).</summary>
    public static LinkProfile Named(string name) =>
        All.FirstOrDefault(profile => profile.Name == name)
        ?? throw new ArgumentException($"Unknown link profile '{name}'. Known: {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
}
