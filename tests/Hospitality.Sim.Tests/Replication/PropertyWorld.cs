using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Roles;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>
/// Use case 2 in small: a cloud, one property with a Greengrass on its LAN that pushes to the cloud
/// in batches, and tablets on Wi-Fi replicating through MultiServerReplication (Greengrass, then cloud).
/// Stores outlive crashes (the in-memory database stands for the disk); software restarts with the host.
/// </summary>
internal sealed class PropertyWorld
{
    public PropertyWorld(int tablets, ulong seed = 1, LinkProfile? tabletLink = null)
    {
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation);
        Building = Network.AddSegment("property-1", SegmentKind.Building, LinkProfiles.Broadband);
        var region = Network.AddSegment("cloud", SegmentKind.CloudRegion, LinkProfiles.CloudEdge);
        CloudHost = Network.AddHost("cloud-api", region, LinkProfiles.Datacenter);
        GreengrassHost = Network.AddHost("greengrass", Building, LinkProfiles.Lan);
        Network.RegisterName("api.hotel.example", CloudHost);
        Network.RegisterName("greengrass.local", GreengrassHost);

        Cloud = NewReplica(CloudHost);
        Greengrass = NewReplica(GreengrassHost);
        StartCloud();
        StartGreengrass();
        for (var i = 1; i <= tablets; i++)
        {
            var host = Network.AddHost($"tablet-{i}", Building, tabletLink ?? LinkProfiles.Wifi);
            var replica = NewReplica(host);
            var replication = MultiServerReplication.Create(replica, host.Network, new MultiServerReplicationOptions
            {
                Endpoints =
                [
                    new ReplicationEndpoint("greengrass", EndpointKind.Greengrass, "greengrass.local"),
                    new ReplicationEndpoint("cloud", EndpointKind.Cloud, "api.hotel.example"),
                ],
            }, host.Clock, Simulation.Random($"{host.Name}/replication"));
            host.Spawn("replication", async _ =>
            {
                await replication.StartAsync();
                await replication.Completion;
            });
            Tablets.Add(new Tablet(host, replica, replication));
        }
    }

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public Segment Building { get; }

    public SimHost CloudHost { get; }

    public SimHost GreengrassHost { get; }

    public Replica Cloud { get; }

    public Replica Greengrass { get; }

    public Replicator? GreengrassToCloud { get; private set; }

    public List<Tablet> Tablets { get; } = [];

    public IEnumerable<Replica> Replicas => Tablets.Select(tablet => tablet.Replica).Prepend(Greengrass).Prepend(Cloud);

    public void Run(double seconds) => Simulation.RunUntil(Simulation.Now + TimeSpan.FromSeconds(seconds));

    public void CrashGreengrass() => Network.Crash(GreengrassHost);

    public void RestartGreengrass()
    {
        Network.Restart(GreengrassHost);
        StartGreengrass();
    }

    /// <summary>True when every replica holds exactly the same latest version of every document.</summary>
    public bool Converged()
    {
        var reference = Snapshot(Cloud);
        return Replicas.All(replica => Snapshot(replica).SequenceEqual(reference));
    }

    public static IReadOnlyList<Sync.Documents.Document> Snapshot(Replica replica) =>
        replica.Store.ChangesSince(0, int.MaxValue).Changes.Select(change => change.Document)
            .OrderBy(document => document.Collection, StringComparer.Ordinal).ThenBy(document => document.Id, StringComparer.Ordinal).ToList();

    private Replica NewReplica(SimHost host) =>
        new(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(host.Clock, host.Name));

    private void StartCloud()
    {
        var cloud = new CloudServer(Cloud, CloudHost.Network);
        CloudHost.Spawn("cloud", async _ => await cloud.StartAsync());
    }

    private void StartGreengrass()
    {
        var greengrass = GreengrassServer.Create(
            Greengrass,
            GreengrassHost.Network,
            new GreengrassOptions { CloudHost = "api.hotel.example" },
            GreengrassHost.Clock,
            Simulation.Random("greengrass/replicator"));
        GreengrassToCloud = greengrass.ToCloud;
        GreengrassHost.Spawn("greengrass", async lifetime =>
        {
            await greengrass.StartAsync(lifetime);
            using var stop = lifetime.Register(() => _ = greengrass.StopAsync());
            await greengrass.Completion;
        });
    }

    internal sealed record Tablet(SimHost Host, Replica Replica, MultiServerReplication Replication);
}
