using Hospitality.Sim.Checks;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Tests.Checks;

public sealed class ConvergenceOracleTests
{
    private static readonly Document Older = Room("dirty", wall: 1, node: "tablet-1");
    private static readonly Document Newer = Room("clean", wall: 2, node: "tablet-2");

    [Fact]
    public void A_replica_holding_the_last_write_has_no_divergence()
    {
        var oracle = Oracle();
        using var store = With(Newer);

        Assert.Empty(oracle.Check([("tablet-3", store)]));
    }

    [Fact]
    public void A_replica_holding_the_losing_write_diverges()
    {
        var oracle = Oracle();
        using var store = With(Older);

        var divergence = Assert.Single(oracle.Check([("tablet-3", store)]));

        Assert.Equal(Older, divergence.Holds);
        Assert.Equal(Newer, divergence.Expected);
    }

    [Fact]
    public void A_replica_missing_an_acknowledged_write_diverges()
    {
        var oracle = Oracle();
        using var store = SqliteDocumentStore.OpenInMemory();

        Assert.Null(Assert.Single(oracle.Check([("tablet-3", store)])).Holds);
    }

    [Fact]
    public void A_version_nobody_wrote_is_reported()
    {
        var oracle = Oracle();
        using var store = With(Newer);
        store.Put(Room("inspected", wall: 1, node: "ghost") with { Id = "room-999" }, queueForUpstream: false);

        var divergence = Assert.Single(oracle.Check([("tablet-3", store)]));

        Assert.Equal("room-999", divergence.Id);
        Assert.Null(divergence.Expected);
    }

    [Fact]
    public void Of_two_replicas_of_one_property_the_one_missing_an_in_scope_write_diverges_and_other_properties_writes_are_owed_by_neither()
    {
        var oracle = new ConvergenceOracle();
        var own = new Document("rooms", "p1-room-1", """{"id":"p1-room-1","number":"101","floor":1,"type":"deluxe","status":"clean","propertyId":"p1"}""", new HlcTimestamp(1, 0, "tablet-1"), false, "tablet-1");
        var other = own with { Id = "p2-room-1", BodyJson = """{"id":"p2-room-1","number":"101","floor":1,"type":"deluxe","status":"clean","propertyId":"p2"}""" };
        oracle.Acknowledged(own);
        oracle.Acknowledged(other);
        using var complete = SqliteDocumentStore.OpenInMemory();
        complete.Put(own, queueForUpstream: false);
        using var empty = SqliteDocumentStore.OpenInMemory();
        var p1 = ReplicaScope.OfProperty("p1");

        var divergence = Assert.Single(oracle.Check([("tablet-1", complete, p1), ("tablet-2", empty, p1)]));

        Assert.Equal(("tablet-2", "p1-room-1", null), (divergence.Replica, divergence.Id, divergence.Holds));
    }

    private static ConvergenceOracle Oracle()
    {
        var oracle = new ConvergenceOracle();
        oracle.Acknowledged(Newer);
        oracle.Acknowledged(Older);
        return oracle;
    }

    private static SqliteDocumentStore With(Document document) => Room101.ReplicaHolding(document);

    private static Document Room(string status, long wall, string node) => Room101.Version(status, wall, node);
}
