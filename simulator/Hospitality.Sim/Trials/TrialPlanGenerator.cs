using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Trials;

/// <summary>
/// Draws a trial from a seed alone, so any seed is a complete reproduction: a world of 1-3
/// properties with 0-3 Greengrasses and 2-50 devices on assorted links, a workload that writes and
/// deletes a small set of documents (often several devices at the same instant), and a fault plan.
/// </summary>
public static class TrialPlanGenerator
{
    private static readonly string[] BuildingLinks = [LinkProfiles.Wifi.Name, LinkProfiles.Wifi.Name, LinkProfiles.WifiCongested.Name, LinkProfiles.Lan.Name];

    public static TrialPlan Generate(ulong seed, TrialLimits? limits = null)
    {
        limits ??= TrialLimits.Default;
        var random = new SimRandom(seed).Fork("trial-plan");
        var properties = Properties(random, limits);
        var devices = Devices(properties);
        var servers = properties.Select((property, index) => (property, index))
            .Where(pair => pair.property.Greengrass).Select(pair => HotelChainWorld.GreengrassName(pair.index + 1)).ToList();
        return new TrialPlan
        {
            Seed = seed,
            Properties = properties,
            Writes = Writes(random, limits, devices),
            Faults = Faults(random, limits, properties, devices, servers),
            FaultSeconds = limits.FaultSeconds,
        };
    }

    /// <summary>The device names of a plan's world.</summary>
    public static List<string> Devices(IReadOnlyList<TrialProperty> properties) =>
        properties.SelectMany((property, index) => property.Tablets.Select((_, tablet) => HotelChainWorld.TabletName(index + 1, tablet + 1))).ToList();

    private static List<TrialProperty> Properties(SimRandom random, TrialLimits limits)
    {
        var count = 1 + random.Next(limits.MaxProperties);
        var greengrass = random.Next(Math.Min(limits.MaxGreengrass, count) + 1);
        var devices = limits.MinDevices + random.Next(limits.MaxDevices - limits.MinDevices + 1);
        var properties = new List<TrialProperty>();
        for (var p = 0; p < count; p++)
        {
            var share = devices / count + (p < devices % count ? 1 : 0);
            var links = Enumerable.Range(0, share).Select(_ => BuildingLinks[random.Next(BuildingLinks.Length)]).ToList();
            properties.Add(new TrialProperty(p < greengrass, links));
        }

        return properties;
    }

    private static List<PlannedWrite> Writes(SimRandom random, TrialLimits limits, List<string> devices)
    {
        var rooms = 2 + random.Next(10);
        var count = 10 + random.Next(limits.MaxWrites - 9);
        var writes = new List<PlannedWrite>();
        while (writes.Count < count)
        {
            var at = Math.Round(1 + (random.NextDouble() * (limits.FaultSeconds - 2)), 3);
            var (collection, id) = random.Chance(0.8) ? ("rooms", $"room-{100 + random.Next(rooms)}") : ("inventory", $"item-{random.Next(3)}");

            // Concurrent edits: several devices write the same document at the same instant.
            var writers = random.Chance(0.3) ? 2 + random.Next(2) : 1;
            for (var w = 0; w < writers; w++)
            {
                writes.Add(new PlannedWrite(at, devices[random.Next(devices.Count)], collection, id, random.Chance(0.1), random.Next(1000)));
            }
        }

        return writes.OrderBy(write => write.At).ToList();
    }

    private static List<PlannedFault> Faults(SimRandom random, TrialLimits limits, List<TrialProperty> properties, List<string> devices, List<string> servers)
    {
        var nodes = devices.Concat(servers).Append(HotelChainWorld.CloudHostName).ToList();
        var count = random.Next(limits.MaxFaults + 1);
        var faults = new List<PlannedFault>();
        for (var f = 0; f < count; f++)
        {
            var at = Math.Round(5 + (random.NextDouble() * (limits.FaultSeconds - 15)), 3);
            var until = Math.Round(Math.Min(limits.FaultSeconds, at + 3 + (random.NextDouble() * 50)), 3);
            var kind = (FaultKind)random.Next(Enum.GetValues<FaultKind>().Length);
            IReadOnlyList<string> targets = kind switch
            {
                FaultKind.Partition or FaultKind.OneWayPartition => Pick(random, nodes, 1 + random.Next(Math.Max(1, nodes.Count / 2))),
                FaultKind.Handover => [devices[random.Next(devices.Count)]],
                FaultKind.InternetOutage => [$"property-{1 + random.Next(properties.Count)}"],
                _ => [nodes[random.Next(nodes.Count)]],
            };
            var seconds = kind switch
            {
                FaultKind.ClockSkew => Math.Round((random.NextDouble() * 1200) - 600, 1),
                FaultKind.ClockJump => Math.Round((random.NextDouble() * 240) - 120, 1),
                _ => 0,
            };
            faults.Add(new PlannedFault(kind, at, until, targets, seconds));
        }

        return faults.OrderBy(fault => fault.At).ToList();
    }

    private static List<string> Pick(SimRandom random, List<string> from, int count)
    {
        var pool = from.ToList();
        var picked = new List<string>();
        while (picked.Count < count && pool.Count > 0)
        {
            var index = random.Next(pool.Count);
            picked.Add(pool[index]);
            pool.RemoveAt(index);
        }

        return picked;
    }
}
