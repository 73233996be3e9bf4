using Hospitality.Sim.Checks;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
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
