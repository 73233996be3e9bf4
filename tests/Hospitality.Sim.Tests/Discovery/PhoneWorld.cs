using Hospitality.Sim.Network;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Detection;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Tests.Discovery;

/// <summary>
/// A housekeeping phone and what it can reach: the building's Greengrass (found by mDNS), the cloud,
/// and a carrier's cellular network to walk out onto. The phone runs mDNS and a network detector.
/// </summary>
internal sealed class PhoneWorld
{
    public const string Property = "property-1";

    public PhoneWorld(ulong seed = 1, NetworkDetectorOptions? options = null)
    {
        Mdns = new MdnsWorld(seed);
        var network = Mdns.World.Network;
        Carrier = network.AddSegment("carrier", SegmentKind.Cellular, LinkProfiles.CarrierCore);
        GreengrassHost = Mdns.Host("greengrass", profile: LinkProfiles.Lan);
        CloudHost = Mdns.World.Host("cloud", Mdns.World.Cloud, LinkProfiles.Datacenter);
        network.RegisterName("cloud.example", CloudHost);
        Serve(GreengrassHost, 8000);
        Serve(CloudHost, 8443);
        Greengrass = Mdns.Greengrass(GreengrassHost, Property);
        Phone = Mdns.Host("phone");
        (PhoneMdns, Locator) = Mdns.Device(Phone, Property);
        Detector = new NetworkDetector(Phone.Network, Phone.Interfaces, Locator, Phone.Clock, options ?? Options);
        Phone.Spawn("detector", async lifetime =>
        {
            await Detector.StartAsync(lifetime);
            await Detector.Completion;
        });
    }

    public static NetworkDetectorOptions Options => new() { Cloud = new ReplicationEndpoint("cloud", EndpointKind.Cloud, "cloud.example", 8443) };

    public MdnsWorld Mdns { get; }

    public Segment Carrier { get; }

    public SimHost GreengrassHost { get; }

    public SimHost CloudHost { get; }

    public MulticastDns Greengrass { get; }

    public SimHost Phone { get; }

    public MulticastDns PhoneMdns { get; }

    public GreengrassLocator Locator { get; }

    public NetworkDetector Detector { get; }

    public Segment Building => Mdns.World.BuildingA;

    public NetworkSituation Situation => Detector.Strategy.Situation;

    public TimeSpan RunUntil(NetworkSituation situation, TimeSpan limit) => Mdns.RunUntil(() => Situation == situation, limit);

    private static void Serve(SimHost host, int port)
    {
        var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(host.Clock, host.Name));
        var server = new ReplicationServer(replica, host.Network, new ReplicationServerOptions { Port = port });
        host.Spawn("replication-server", async _ => await server.StartAsync());
    }
}
