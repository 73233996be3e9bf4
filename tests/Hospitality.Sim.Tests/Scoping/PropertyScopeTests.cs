using Hospitality.Sim.Checks;
using Hospitality.Sim.Discovery;
using Hospitality.Sim.Faults;
using Hospitality.Sim.Network;
using Hospitality.Sim.World;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Tests.Scoping;

/// <summary>
/// A chain of two properties, each with a Greengrass and two tablets: each property's replicas hold
/// its own documents, the guests its reservations reference and the chain-wide ones, the cloud holds
/// everything, servers refuse writes into another property's documents, and a transferred stay moves
/// with its property and brings its guest along.
/// </summary>
public sealed class PropertyScopeTests
{
    private const string GuestAnna = """{"id":"guest-anna","name":"Anna Berg"}""";
    private const string GuestBo = """{"id":"guest-bo","name":"Bo Lind"}""";

    [Fact]
    public void Devices_and_greengrass_hold_only_their_propertys_documents_and_the_guests_their_reservations_reference_by_pull_and_by_live_stream()
    {
        var (world, oracle) = Chain();
        Acknowledge(oracle, world.Cloud.Write("rooms", "p1-room-101", Room("p1-room-101", "p1", "dirty")).Document); // before start: pulled
        Acknowledge(oracle, world.Cloud.Write("rooms", "p2-room-101", Room("p2-room-101", "p2", "dirty")).Document);
        Acknowledge(oracle, world.Cloud.Write("guests", "guest-bo", GuestBo).Document);
        Acknowledge(oracle, world.Cloud.Write("reservations", "p2-res-1", Reservation("p2", movedFrom: null, id: "p2-res-1", guest: "guest-bo")).Document);
        world.Run(5);
        Write(world, oracle, world.CloudNode, "rooms", "p1-room-102", Room("p1-room-102", "p1", "clean")); // live: streamed
        Write(world, oracle, world.CloudNode, "rooms", "p2-room-102", Room("p2-room-102", "p2", "clean"));
        Write(world, oracle, world.CloudNode, "guests", "guest-anna", GuestAnna);
        Write(world, oracle, world.CloudNode, "reservations", "p1-res-1", Reservation("p1", movedFrom: null));
        world.Run(5);

        foreach (var node in world.Nodes.Where(node => node.Property == 1))
        {
            Assert.NotNull(node.Replica.Get("rooms", "p1-room-101"));
            Assert.NotNull(node.Replica.Get("rooms", "p1-room-102"));
            Assert.NotNull(node.Replica.Get("guests", "guest-anna"));
            Assert.Null(node.Replica.Get("rooms", "p2-room-101"));
            Assert.Null(node.Replica.Get("rooms", "p2-room-102"));
            Assert.Null(node.Replica.Get("guests", "guest-bo"));
        }

        Assert.All(world.Nodes.Where(node => node.Property == 2), node => Assert.Null(node.Replica.Get("guests", "guest-anna")));
        Assert.All(world.Nodes.Where(node => node.Property == 2), node => Assert.NotNull(node.Replica.Get("guests", "guest-bo")));
        Assert.Equal(8, world.Cloud.Store.ChangesSince(0, 100).Changes.Count);
        Assert.Empty(oracle.Check(world.ScopedStores));
    }

    [Fact]
    public void A_guest_follows_its_transferred_reservation_to_the_new_property_and_stays_at_the_old_one()
    {
        var (world, oracle) = Chain();
        world.Run(5);
        var frontDesk = world.Properties[0].Tablets[0];
        Write(world, oracle, frontDesk, "guests", "guest-anna", GuestAnna);
        Write(world, oracle, frontDesk, "reservations", "p1-res-1", Reservation("p1", movedFrom: null));
        world.Run(20);
        Assert.All(world.Nodes.Where(node => node.Property == 1), node => Assert.NotNull(node.Replica.Get("guests", "guest-anna")));
        Assert.All(world.Nodes.Where(node => node.Property == 2), node => Assert.Null(node.Replica.Get("guests", "guest-anna")));

        Write(world, oracle, frontDesk, "reservations", "p1-res-1", Reservation("p2", movedFrom: "p1"));
        world.Run(20); // the Greengrass pushes to the cloud every 15 s

        var guest = world.Cloud.Get("guests", "guest-anna")!;
        Assert.All(world.Nodes.Where(node => node.Property == 2), node => Assert.Equal(guest, node.Replica.Get("guests", "guest-anna")));
        Assert.All(world.Nodes.Where(node => node.Property == 1), node => Assert.Equal(guest, node.Replica.Get("guests", "guest-anna"))); // no release yet
        Assert.True(world.Converged());
        Assert.Empty(oracle.Check(world.ScopedStores));
    }

    [Fact]
    public void The_convergence_oracle_finds_a_replica_missing_a_guest_its_reservations_reference()
    {
        var (world, oracle) = Chain();
        world.Run(5);
        Write(world, oracle, world.CloudNode, "guests", "guest-anna", GuestAnna);
        Write(world, oracle, world.CloudNode, "reservations", "p1-res-1", Reservation("p1", movedFrom: null));
        world.Run(5);
        var guest = world.Cloud.Get("guests", "guest-anna")!;
        var missing = new ConvergenceOracle();
        missing.Acknowledged(guest);
        missing.Acknowledged(world.Cloud.Get("reservations", "p1-res-1")!);
        var replica = SqliteDocumentStore.OpenInMemory();
        replica.Put(world.Cloud.Get("reservations", "p1-res-1")!, queueForUpstream: false);

        Assert.Empty(oracle.Check(world.ScopedStores));
        var divergence = Assert.Single(missing.Check([("p1-tablet", (IDocumentStore)replica, Sync.Scoping.ReplicaScope.OfProperty("p1"))]));
        Assert.Equal(("guests", "guest-anna"), (divergence.Collection, divergence.Id));
        Assert.Null(divergence.Holds);
    }

    /// <summary>Property 2 never held a reservation of Anna's: a tablet there holding her profile is an over-held guest, not a guest it once followed.</summary>
    [Fact]
    public void The_convergence_oracle_finds_a_guest_planted_on_a_device_whose_property_never_followed_it()
    {
        var (world, oracle) = Chain();
        world.Run(5);
        Write(world, oracle, world.CloudNode, "guests", "guest-anna", GuestAnna);
        Write(world, oracle, world.CloudNode, "reservations", "p1-res-1", Reservation("p1", movedFrom: null));
        world.Run(5);
        Assert.Empty(oracle.Check(world.ScopedStores));
        var planted = world.Properties[1].Tablets[0];

        planted.Replica.Store.Put(world.Cloud.Get("guests", "guest-anna")!, queueForUpstream: false);

        var divergence = Assert.Single(oracle.Check(world.ScopedStores));
        Assert.Equal((planted.Name, "guests", "guest-anna"), (divergence.Replica, divergence.Collection, divergence.Id));
        Assert.NotNull(divergence.Holds);
    }

    [Fact]
    public void The_convergence_oracle_finds_a_replica_holding_another_propertys_document()
    {
        var (world, oracle) = Chain();
        world.Run(5);
        Write(world, oracle, world.CloudNode, "rooms", "p2-room-101", Room("p2-room-101", "p2", "dirty"));
        world.Run(5);
        var leaked = world.Cloud.Get("rooms", "p2-room-101")!;
        world.Properties[0].Tablets[0].Replica.Store.Put(leaked, queueForUpstream: false);

        var divergence = Assert.Single(oracle.Check(world.ScopedStores));
        Assert.Equal(("tablet-1", "p2-room-101"), (divergence.Replica, divergence.Id));
    }

    [Fact]
    public void A_device_refuses_a_local_write_into_another_propertys_scope_and_stores_nothing()
    {
        var (world, _) = Chain();
        var tablet = world.Properties[0].Tablets[0];

        var refused = Assert.Throws<DocumentValidationException>(() => tablet.Replica.Write("rooms", "p2-room-101", Room("p2-room-101", "p2", "dirty")));

        Assert.Contains("another property's", refused.Message, StringComparison.Ordinal);
        Assert.Null(tablet.Replica.Get("rooms", "p2-room-101"));
        Assert.Equal(0, tablet.Replica.Store.OutboxCount);
    }

    [Fact]
    public void A_push_into_another_propertys_document_is_refused_by_greengrass_with_a_clear_error_and_stored_nowhere()
    {
        var (world, _) = Chain();
        var client = RawClient(world, "greengrass", $"{HotelChainWorld.GreengrassName(1)}.local", property: "p1");
        world.Run(5);
        Merge(world, client.Replica, "rooms", "p2-room-101", Room("p2-room-101", "p2", "dirty"));
        world.Run(5);

        Assert.Equal(1, client.Replicator.WritesRefused);
        Assert.Contains("belongs to property 'p2'", client.Replicator.LastRefusal, StringComparison.Ordinal);
        Assert.Equal(1, world.Properties[0].GreengrassNode!.Server.Server.RefusedWrites);
        world.Run(20);
        Assert.All(world.Replicas, replica => Assert.Null(replica.Get("rooms", "p2-room-101")));
        Assert.True(client.Replica.Get("rooms", "p2-room-101")!.Deleted, "the writer keeps only a tombstone of the refused write");
    }

    [Fact]
    public void A_push_over_another_propertys_document_is_refused_by_the_cloud_and_the_cloud_keeps_its_version()
    {
        var (world, oracle) = Chain();
        Acknowledge(oracle, world.Cloud.Write("rooms", "p2-room-101", Room("p2-room-101", "p2", "dirty")).Document);
        var client = RawClient(world, "cloud", HotelChainWorld.CloudName, property: "p1");
        world.Run(5);
        Assert.Null(client.Replica.Get("rooms", "p2-room-101"));

        // A transfer to p1 of a room p2 owns: p1 may not take another property's document.
        Merge(world, client.Replica, "rooms", "p2-room-101", Room("p2-room-101", "p1", "clean", movedFrom: "p2"));
        world.Run(5);

        Assert.Equal(1, client.Replicator.WritesRefused);
        Assert.Contains("belongs to property 'p2'", client.Replicator.LastRefusal, StringComparison.Ordinal);
        Assert.Contains("\"dirty\"", world.Cloud.Get("rooms", "p2-room-101")!.BodyJson, StringComparison.Ordinal);
        Assert.Empty(oracle.Check(world.ScopedStores));
    }

    [Fact]
    public void A_client_of_another_property_is_refused_by_a_greengrass_at_the_hello()
    {
        var (world, _) = Chain();
        var client = RawClient(world, "greengrass", $"{HotelChainWorld.GreengrassName(1)}.local", property: "p2");
        world.Run(10);

        Assert.NotEqual(ReplicatorState.Live, client.Replicator.State);
        Assert.Contains("refused the scope", client.Replicator.LastError, StringComparison.Ordinal);
        Assert.Contains("holds property 'p1'", client.Replicator.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transferred_reservation_moves_to_the_new_property_and_the_old_propertys_replicas_drop_it()
    {
        var (world, oracle) = Chain();
        world.Run(5);
        var frontDesk = world.Properties[0].Tablets[0];
        Write(world, oracle, frontDesk, "reservations", "p1-res-1", Reservation("p1", movedFrom: null));
        world.Run(20);
        Assert.All(world.Nodes.Where(node => node.Property == 1), node => Assert.False(node.Replica.Get("reservations", "p1-res-1")!.Deleted));
        Assert.All(world.Nodes.Where(node => node.Property == 2), node => Assert.Null(node.Replica.Get("reservations", "p1-res-1")));

        Write(world, oracle, frontDesk, "reservations", "p1-res-1", Reservation("p2", movedFrom: "p1"));
        world.Run(20); // the Greengrass pushes to the cloud every 15 s

        var transfer = world.Cloud.Get("reservations", "p1-res-1")!;
        Assert.Contains("\"propertyId\":\"p2\"", transfer.BodyJson, StringComparison.Ordinal);
        Assert.All(world.Nodes.Where(node => node.Property == 2), node => Assert.Equal(transfer, node.Replica.Get("reservations", "p1-res-1")));
        Assert.All(world.Nodes.Where(node => node.Property == 1), node => Assert.Equal(transfer with { BodyJson = "{}", Deleted = true }, node.Replica.Get("reservations", "p1-res-1")));
        Assert.Empty(oracle.Check(world.ScopedStores));
    }

    [Fact]
    public void A_reservation_created_and_transferred_while_its_property_was_cut_off_reaches_the_new_property_and_the_cloud()
    {
        // Found by chain-cross-property seeds 2 and 4: the Greengrass's outbox pushes a document's latest
        // version only, so the cloud first heard of the reservation as a transfer to p2 from a p1
        // connection, refused it as a foreign create, and the reservation never left property 1.
        var (world, oracle) = Chain();
        world.Run(5);
        var frontDesk = world.Properties[0].Tablets[0];
        var heal = new WorldFaults(world).InternetOutage(world.Properties[0].Building);
        Write(world, oracle, frontDesk, "reservations", "p1-res-1", Reservation("p1", movedFrom: null));
        world.Run(5);
        Write(world, oracle, frontDesk, "reservations", "p1-res-1", Reservation("p2", movedFrom: "p1"));
        world.Run(60);
        heal();
        world.Run(30);

        var transfer = world.Cloud.Get("reservations", "p1-res-1");
        Assert.NotNull(transfer);
        Assert.Contains("\"propertyId\":\"p2\"", transfer.BodyJson, StringComparison.Ordinal);
        Assert.All(world.Nodes.Where(node => node.Property == 2), node => Assert.Equal(transfer, node.Replica.Get("reservations", "p1-res-1")));
        Assert.Equal(0, world.Properties[0].GreengrassNode!.Replica.OutboxCount);
        Assert.Empty(oracle.Check(world.ScopedStores));
    }

    [Fact]
    public void A_reservation_moved_and_edited_elsewhere_while_its_old_property_was_cut_off_is_dropped_there_after_the_heal()
    {
        // The cloud's feed keeps only the latest version, which names property 2 and no longer the
        // property it left: property 1 heard of it only because the feed remembers its departures.
        var (world, oracle) = Chain();
        world.Run(5);
        Write(world, oracle, world.Properties[0].Tablets[0], "reservations", "p1-res-1", Reservation("p1", movedFrom: null));
        world.Run(20);
        var heal = new WorldFaults(world).InternetOutage(world.Properties[0].Building);
        Write(world, oracle, world.CloudNode, "reservations", "p1-res-1", Reservation("p2", movedFrom: "p1"));
        world.Run(5);
        Write(world, oracle, world.Properties[1].Tablets[0], "reservations", "p1-res-1", Reservation("p2", movedFrom: null).Replace("booked", "checked-in", StringComparison.Ordinal));
        world.Run(30);
        Assert.All(world.Nodes.Where(node => node.Property == 1), node => Assert.False(node.Replica.Get("reservations", "p1-res-1")!.Deleted));
        heal();
        world.Run(30);

        var latest = world.Cloud.Get("reservations", "p1-res-1")!;
        Assert.Contains("checked-in", latest.BodyJson, StringComparison.Ordinal);
        Assert.All(world.Nodes.Where(node => node.Property == 1), node => Assert.Equal(latest with { BodyJson = "{}", Deleted = true }, node.Replica.Get("reservations", "p1-res-1")));
        Assert.Empty(oracle.Check(world.ScopedStores));
    }

    private static (HotelChainWorld World, ConvergenceOracle Oracle) Chain() =>
        // Configured names, so the raw clients below can reach greengrass.local without running mDNS.
        (new HotelChainWorld(Enumerable.Range(0, 2).Select(_ => new PropertyPlan(true, [LinkProfiles.Lan, LinkProfiles.Lan], Discovery: DiscoveryMode.Static)).ToList(), seed: 7), new ConvergenceOracle());

    private static void Acknowledge(ConvergenceOracle oracle, Document written) => oracle.Acknowledged(written);

    private static void Write(HotelChainWorld world, ConvergenceOracle oracle, WorldNode node, string collection, string id, string body) =>
        world.Simulation.Spawn("write", () =>
        {
            oracle.Acknowledged(node.Replica.Write(collection, id, body).Document);
            return Task.CompletedTask;
        });

    /// <summary>Queues a version for upstream as a client without the schema's scope check would.</summary>
    private static void Merge(HotelChainWorld world, Replica replica, string collection, string id, string body) =>
        world.Simulation.Spawn("raw-write", () =>
        {
            replica.Merge([new Document(collection, id, body, replica.Clock.Now(), Deleted: false, replica.NodeId)], queueForUpstream: true);
            return Task.CompletedTask;
        });

    /// <summary>A client in property 1's building whose replica does not check scope itself, so only the server stands in the way.</summary>
    private static (Replica Replica, Replicator Replicator) RawClient(HotelChainWorld world, string upstream, string host, string property)
    {
        var phone = world.Network.AddHost("raw-client", world.Building, LinkProfiles.Lan);
        var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(phone.Clock, "raw-client"));
        var replicator = new Replicator(replica, phone.Network, new ReplicatorOptions { Upstream = upstream, Host = host, Property = property }, phone.Clock, world.Simulation.Random("raw-client/replicator"));
        phone.Spawn("replicator", async _ => await replicator.StartAsync());
        return (replica, replicator);
    }

    private static string Room(string id, string property, string status, string? movedFrom = null) =>
        $$"""{"id":"{{id}}","number":"101","floor":1,"type":"deluxe","status":"{{status}}","propertyId":"{{property}}"{{(movedFrom is null ? "" : $",\"movedFrom\":\"{movedFrom}\"")}}}""";

    private static string Reservation(string property, string? movedFrom, string id = "p1-res-1", string guest = "guest-anna") =>
        $$"""{"id":"{{id}}","guestId":"{{guest}}","checkIn":"2026-12-08T15:00:00Z","checkOut":"2026-12-10T11:00:00Z","status":"booked","adults":2,"propertyId":"{{property}}"{{(movedFrom is null ? "" : $",\"movedFrom\":\"{movedFrom}\"")}}}""";
}
