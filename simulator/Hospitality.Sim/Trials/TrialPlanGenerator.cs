using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Trials;

/// <summary>
/// Draws a trial from a seed and limits alone, so a seed and a profile are a complete reproduction:
/// a world of 1-3 properties with 0-3 Greengrasses and 2-50 devices on assorted links, a workload
/// that writes and deletes a small set of documents (often several devices at the same instant), and
/// a fault plan. Profiles may add stores on real files, crashes inside store transactions, and
/// bursts over hundreds to thousands of rooms; those draw from streams of their own, so the
/// default profile's plans stay what they were. Properties run P2P by <see cref="TrialLimits.P2PShare"/>,
/// drawn with their P2P faults (mesh splits, signaling crashes, P2P tablets restarting) from streams of their own too.
/// </summary>
public static class TrialPlanGenerator
{
    // The kinds the general fault draw picks from, in the order the draw was made in before transaction crashes existed.
    private static readonly FaultKind[] DrawnKinds =
    [
        FaultKind.Partition, FaultKind.OneWayPartition, FaultKind.Crash, FaultKind.ClockSkew,
        FaultKind.ClockJump, FaultKind.LossBurst, FaultKind.Handover, FaultKind.InternetOutage,
    ];

    private static readonly string[] BuildingLinks = [LinkProfiles.Wifi.Name, LinkProfiles.Wifi.Name, LinkProfiles.WifiCongested.Name, LinkProfiles.Lan.Name];

    public static TrialPlan Generate(ulong seed, TrialLimits? limits = null)
    {
        limits ??= TrialLimits.Default;
        var random = new SimRandom(seed).Fork("trial-plan");
        var properties = WithP2P(random.Fork("p2p"), limits, Properties(random, limits));
        var devices = Devices(properties);
        var servers = properties.Select((property, index) => (property, index))
            .Where(pair => pair.property.Greengrass).Select(pair => HotelChainWorld.GreengrassName(pair.index + 1)).ToList();
        var writes = Writes(random, limits, devices);
        var faults = Faults(random, limits, properties, devices, servers);
        var fileStores = FileStores(random.Fork("file-stores"), limits, devices, servers);
        return new TrialPlan
        {
            Seed = seed,
            Limits = limits,
            Properties = properties,
            Writes = limits.MaxDocuments == 0 ? writes : writes.Concat(Bursts(random.Fork("bursts"), limits, devices)).OrderBy(write => write.At).ToList(),
            Faults = faults
                .Concat(TransactionCrashes(random.Fork("transaction-crashes"), limits, devices.Concat(servers).ToList(), fileStores))
                .Concat(PeerFaults(random.Fork("p2p-faults"), limits, properties))
                .OrderBy(fault => fault.At).ToList(),
            FileStores = fileStores,
            FaultSeconds = limits.FaultSeconds,
        };
    }

    private static List<string> FileStores(SimRandom random, TrialLimits limits, List<string> devices, List<string> servers)
    {
        var nodes = devices.Concat(servers).Append(HotelChainWorld.CloudHostName).ToList();
        return limits.MaxFileStores == 0 ? [] : Pick(random, nodes, 1 + random.Next(limits.MaxFileStores)).Order(StringComparer.Ordinal).ToList();
    }

    // Power lost inside a transaction: anywhere on a file store, after the commit on an in-memory one
    // (which keeps no journal to roll back by). The cloud is left out: nothing queues there to acknowledge.
    private static List<PlannedFault> TransactionCrashes(SimRandom random, TrialLimits limits, List<string> nodes, List<string> fileStores)
    {
        var crashes = new List<PlannedFault>();
        var count = limits.MaxTransactionCrashes == 0 ? 0 : 1 + random.Next(limits.MaxTransactionCrashes);
        for (var c = 0; c < count; c++)
        {
            var onFile = fileStores.Where(nodes.Contains).ToList();
            var node = onFile.Count > 0 && random.Chance(0.75) ? onFile[random.Next(onFile.Count)] : nodes[random.Next(nodes.Count)];
            var sites = Sim.Faults.TransactionCrashes.Sites.Where(site => fileStores.Contains(node) || site.EndsWith(".after-commit", StringComparison.Ordinal)).ToList();
            var at = Math.Round(3 + (random.NextDouble() * (limits.FaultSeconds - 20)), 3);
            crashes.Add(new PlannedFault(FaultKind.TransactionCrash, at, Math.Round(Math.Min(limits.FaultSeconds, at + 5 + (random.NextDouble() * 20)), 3), [node], Site: sites[random.Next(sites.Count)]));
        }

        return crashes;
    }

    // One device creates the rooms at once (an import), then devices rewrite hundreds of them at a
    // time: each burst is more than a pull page (100) and, pushed 50 at a time, fills the paging
    // profile's 40-document stream pages.
    private static List<PlannedWrite> Bursts(SimRandom random, TrialLimits limits, List<string> devices)
    {
        var rooms = (limits.MaxDocuments / 2) + random.Next((limits.MaxDocuments / 2) + 1);
        var writes = new List<PlannedWrite>();
        var importAt = Math.Round(1 + random.NextDouble(), 3);
        var importer = devices[random.Next(devices.Count)];
        writes.AddRange(Enumerable.Range(0, rooms).Select(room => new PlannedWrite(importAt, importer, "rooms", $"room-{1000 + room}", false, random.Next(1000))));
        var bursts = 1 + random.Next(3);
        for (var b = 0; b < bursts; b++)
        {
            var at = Math.Round(10 + (random.NextDouble() * (limits.FaultSeconds - 20)), 3);
            var writer = devices[random.Next(devices.Count)];
            var size = Math.Min(rooms, 201 + random.Next(rooms));
            var first = random.Next(rooms - size + 1);
            writes.AddRange(Enumerable.Range(first, size).Select(room => new PlannedWrite(at, writer, "rooms", $"room-{1000 + room}", random.Chance(0.05), random.Next(1000))));
        }

        return writes;
    }

    private static List<TrialProperty> WithP2P(SimRandom random, TrialLimits limits, List<TrialProperty> properties) =>
        properties.Select(property => property with { P2P = limits.P2PShare > 0 && random.Chance(limits.P2PShare) }).ToList();

    // What P2P must survive: its mesh split in two, the signaling server it uses crashing, its tablets restarting.
    private static List<PlannedFault> PeerFaults(SimRandom random, TrialLimits limits, List<TrialProperty> properties)
    {
        var meshes = properties.Select((property, index) => (property, number: index + 1)).Where(pair => pair.property.P2P && pair.property.Tablets.Count >= 2).ToList();
        var faults = new List<PlannedFault>();
        var count = meshes.Count == 0 || limits.MaxP2PFaults == 0 ? 0 : random.Next(limits.MaxP2PFaults + 1);
        for (var f = 0; f < count; f++)
        {
            var (property, number) = meshes[random.Next(meshes.Count)];
            var tablets = property.Tablets.Select((_, tablet) => HotelChainWorld.TabletName(number, tablet + 1)).ToList();
            var at = Math.Round(5 + (random.NextDouble() * (limits.FaultSeconds - 15)), 3);
            var until = Math.Round(Math.Min(limits.FaultSeconds, at + 3 + (random.NextDouble() * 50)), 3);
            faults.Add(random.Next(3) switch
            {
                0 => new PlannedFault(FaultKind.MeshSplit, at, until, Pick(random, tablets, 1 + random.Next(tablets.Count - 1))),
                1 => new PlannedFault(FaultKind.SignalingOutage, at, until, [property.Greengrass && random.Chance(0.5) ? HotelChainWorld.GreengrassName(number) : HotelChainWorld.CloudHostName]),
                _ => new PlannedFault(FaultKind.Crash, at, until, [tablets[random.Next(tablets.Count)]]),
            });
        }

        return faults;
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
            var kind = DrawnKinds[random.Next(DrawnKinds.Length)];
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
