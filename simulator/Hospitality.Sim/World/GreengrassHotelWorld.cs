using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.World;

/// <summary>
/// The smallest hotel that replicates: a Greengrass server on the building's LAN and tablets (on
/// Wi-Fi unless told otherwise), each running the real engine with one <see cref="Replicator"/>.
/// </summary>
public sealed class GreengrassHotelWorld
{
    public GreengrassHotelWorld(int tablets, ulong seed = 1, LinkProfile? tabletLink = null)
    {
        Simulation = new Simulation(seed);
        Network = new VirtualNetwork(Simulation);
        Building = Network.AddSegment("main-building", SegmentKind.Building, LinkProfiles.Broadband);
        GreengrassHost = Network.AddHost("greengrass", Building, LinkProfiles.Lan);
        Network.RegisterName("greengrass.local", GreengrassHost);
        Greengrass = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(GreengrassHost.Clock, "greengrass"));
        Server = new ReplicationServer(Greengrass, GreengrassHost.Network);
        GreengrassHost.Spawn("replication-server", async _ => await Server.StartAsync());
        for (var i = 1; i <= tablets; i++)
        {
            var host = Network.AddHost($"tablet-{i}", Building, tabletLink ?? LinkProfiles.Wifi);
            var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(host.Clock, host.Name));
            var replicator = new Replicator(
                replica,
                host.Network,
                new ReplicatorOptions { Upstream = "greengrass", Host = "greengrass.local" },
                host.Clock,
                Simulation.Random($"{host.Name}/replicator"));
            host.Spawn("replicator", async _ =>
            {
                await replicator.StartAsync();
                await replicator.Completion;
            });
            Tablets.Add(new Tablet(host, replica, replicator));
        }
    }

    public Simulation Simulation { get; }

    public VirtualNetwork Network { get; }

    public Segment Building { get; }

    public SimHost GreengrassHost { get; }

    public Replica Greengrass { get; }

    public ReplicationServer Server { get; }

    public List<Tablet> Tablets { get; } = [];

    public IEnumerable<Replica> Replicas => Tablets.Select(tablet => tablet.Replica).Prepend(Greengrass);

    public void Run(double seconds) => Simulation.RunUntil(Simulation.Now + TimeSpan.FromSeconds(seconds));

    /// <summary>Runs until every replica holds the same version of the document, or the limit passes.</summary>
    public bool RunUntilEverywhere(string collection, string id, Func<Sync.Documents.Document?, bool> holds, double limitSeconds) =>
        Simulation.RunUntil(() => Replicas.All(replica => holds(replica.Get(collection, id))), Simulation.Now + TimeSpan.FromSeconds(limitSeconds)) == RunOutcome.ConditionMet;

    public sealed record Tablet(SimHost Host, Replica Replica, Replicator Replicator);
}
