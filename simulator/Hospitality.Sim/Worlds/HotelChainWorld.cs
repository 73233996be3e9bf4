using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Roles;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Worlds;

/// <summary>
/// Use cases 2 and 3 in small: a cloud and one or more properties, each with a Greengrass on its LAN
/// that pushes to the cloud in batches, and tablets on Wi-Fi replicating through
/// MultiServerReplication (their Greengrass, then the cloud).
/// Stores outlive crashes (the in-memory database stands for the disk); software restarts with the host.
/// </summary>
public sealed class HotelChainWorld
{
    public HotelChainWorld(int tablets, ulong seed = 1, LinkProfile? tabletLink = null, int properties = 1)
    {
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation);
        var region = Network.AddSegment("cloud", SegmentKind.CloudRegion, LinkProfiles.CloudEdge);
        CloudHost = Network.AddHost("cloud-api", region, LinkProfiles.Datacenter);
        Network.RegisterName("api.hotel.example", CloudHost);
        Cloud = NewReplica(CloudHost);
        StartCloud();
        for (var p = 1; p <= properties; p++)
        {
            Properties.Add(AddProperty(p, tablets, tabletLink ?? LinkProfiles.Wifi));
        }
    }

    /// <summary>Property 1 (the one use case 2 is about).</summary>
    public Segment Building => Properties[0].Building;

    public SimHost GreengrassHost => Properties[0].GreengrassHost;

    public Replica Greengrass => Properties[0].Greengrass;

    public List<Tablet> Tablets => Properties[0].Tablets;

    public List<Property> Properties { get; } = [];

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public SimHost CloudHost { get; }

    public Replica Cloud { get; }

    public IEnumerable<Replica> Replicas =>
        Properties.SelectMany(property => property.Tablets.Select(tablet => tablet.Replica).Prepend(property.Greengrass)).Prepend(Cloud);

    public void Run(double seconds) => Simulation.RunUntil(Simulation.Now + TimeSpan.FromSeconds(seconds));

    public void CrashGreengrass() => Network.Crash(GreengrassHost);

    public void RestartGreengrass()
    {
        Network.Restart(GreengrassHost);
        StartGreengrass(Properties[0]);
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

    private Property AddProperty(int number, int tablets, LinkProfile tabletLink)
    {
        var building = Network.AddSegment($"property-{number}", SegmentKind.Building, LinkProfiles.Broadband);
        var name = number == 1 ? "greengrass" : $"greengrass-{number}";
        var host = Network.AddHost(name, building, LinkProfiles.Lan);
        Network.RegisterName($"{name}.local", host);
        var property = new Property(building, host, NewReplica(host), []);
        StartGreengrass(property);
        for (var i = 1; i <= tablets; i++)
        {
            var tabletHost = Network.AddHost(number == 1 ? $"tablet-{i}" : $"p{number}-tablet-{i}", building, tabletLink);
            var replica = NewReplica(tabletHost);
            var replication = MultiServerReplication.Create(replica, tabletHost.Network, new MultiServerReplicationOptions
            {
                Endpoints =
                [
                    new ReplicationEndpoint("greengrass", EndpointKind.Greengrass, $"{name}.local"),
                    new ReplicationEndpoint("cloud", EndpointKind.Cloud, "api.hotel.example"),
                ],
            }, tabletHost.Clock, Simulation.Random($"{tabletHost.Name}/replication"));
            tabletHost.Spawn("replication", async _ =>
            {
                await replication.StartAsync();
                await replication.Completion;
            });
            property.Tablets.Add(new Tablet(tabletHost, replica, replication));
        }

        return property;
    }

    private void StartGreengrass(Property property)
    {
        var greengrass = GreengrassServer.Create(
            property.Greengrass,
            property.GreengrassHost.Network,
            new GreengrassOptions { CloudHost = "api.hotel.example" },
            property.GreengrassHost.Clock,
            Simulation.Random($"{property.GreengrassHost.Name}/replicator"));
        property.GreengrassHost.Spawn("greengrass", async lifetime =>
        {
            await greengrass.StartAsync(lifetime);
            using var stop = lifetime.Register(() => _ = greengrass.StopAsync());
            await greengrass.Completion;
        });
    }

    public sealed record Property(Segment Building, SimHost GreengrassHost, Replica Greengrass, List<Tablet> Tablets);

    public sealed record Tablet(SimHost Host, Replica Replica, MultiServerReplication Replication);
}
