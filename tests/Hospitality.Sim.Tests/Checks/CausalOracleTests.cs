using Hospitality.Sim.Checks;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Tests.Checks;

public sealed class CausalOracleTests
{
    // tablet-2 saw tablet-1's edit at wall 5 and edited after it, but its clock stood at wall 3.
    private static readonly Document Seen = Room("dirty", wall: 5, node: "tablet-1");
    private static readonly Document EditAfter = Room("clean", wall: 3, node: "tablet-2");

    [Fact]
    public void An_edit_overwritten_by_the_version_its_writer_had_seen_is_lost_even_where_lww_agrees()
    {
        var oracle = Oracle();
        using var store = With(Seen);

        var lost = Assert.Single(oracle.CheckFinal([("cloud", store)]));

        Assert.Contains("lost 1 acknowledged writes", lost, StringComparison.Ordinal);
        Assert.Contains(EditAfter.Stamp.ToString(), lost, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replica_holding_the_later_edit_loses_nothing()
    {
        using var store = With(EditAfter);

        Assert.Empty(Oracle().CheckFinal([("cloud", store)]));
    }

    [Fact]
    public void A_replica_that_goes_back_to_a_version_the_writer_had_seen_is_caught_as_it_stores_it()
    {
        var oracle = Oracle();
        oracle.Stored("tablet-2", [new StoredChange(2, EditAfter)], "t");
        oracle.Stored("tablet-2", [new StoredChange(3, Seen)], "t");

        Assert.Contains("had already seen", Assert.Single(oracle.Violations), StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_writes_may_lose_to_each_other_either_way()
    {
        var oracle = new CausalOracle();
        var other = Room("occupied", wall: 4, node: "tablet-3");
        oracle.Written("tablet-1", Seen, held: null, acknowledged: true, "t");
        oracle.Written("tablet-3", other, held: null, acknowledged: true, "t");
        using var store = With(Seen);

        Assert.Empty(oracle.CheckFinal([("cloud", store)]));
    }

    [Fact]
    public void Two_writes_with_one_stamp_are_flagged_not_skipped()
    {
        var oracle = new CausalOracle();
        oracle.Written("tablet-1", Seen, held: null, acknowledged: true, "t");
        oracle.Written("tablet-1", Seen with { Id = "room-102", BodyJson = """{"status":"clean"}""" }, held: null, acknowledged: true, "t");

        Assert.Contains("stamps must be unique", Assert.Single(oracle.Violations), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_that_discards_its_own_concurrent_write_without_a_conflict_record_is_caught()
    {
        var oracle = new CausalOracle();
        var mine = Room("dirty", wall: 5, node: "tablet-1");
        var theirs = Room("clean", wall: 6, node: "tablet-2");
        oracle.Written("tablet-1", mine, held: null, acknowledged: true, "t");
        oracle.Written("tablet-2", theirs, held: null, acknowledged: true, "t");
        oracle.Stored("tablet-1", [new StoredChange(1, mine)], "t");
        oracle.Stored("tablet-1", [new StoredChange(2, theirs)], "t");

        Assert.Contains("without a conflict record", Assert.Single(oracle.Violations), StringComparison.Ordinal);
    }

    [Fact]
    public void A_conflict_record_naming_a_version_nobody_wrote_or_keeping_the_earlier_stamp_is_caught()
    {
        var oracle = Oracle();
        oracle.ConflictRecorded("cloud", new ConflictRecord("rooms", "room-101", Seen.Stamp, new HlcTimestamp(9, 0, "ghost"), LwwReason.LaterWallTime, "cloud"), "t");
        oracle.ConflictRecorded("cloud", new ConflictRecord("rooms", "room-101", EditAfter.Stamp, Seen.Stamp, LwwReason.LaterWallTime, "cloud"), "t");

        Assert.Collection(
            oracle.Violations,
            first => Assert.Contains("nobody wrote", first, StringComparison.Ordinal),
            second => Assert.Contains("over the later", second, StringComparison.Ordinal));
    }

    [Fact]
    public void A_conflict_the_node_recorded_but_its_durable_log_lacks_is_reported()
    {
        var oracle = Oracle();
        oracle.ConflictRecorded("cloud", new ConflictRecord("rooms", "room-101", Seen.Stamp, EditAfter.Stamp, LwwReason.LaterWallTime, "cloud"), "t");
        using var store = With(EditAfter);

        Assert.Contains(oracle.CheckFinal([("cloud", store)]), found => found.Contains("durable conflict log lacks 1", StringComparison.Ordinal));
    }

    private static CausalOracle Oracle()
    {
        var oracle = new CausalOracle();
        oracle.Written("tablet-1", Seen, held: null, acknowledged: true, "t");
        oracle.Written("tablet-2", EditAfter, held: Seen, acknowledged: true, "t");
        return oracle;
    }

    private static SqliteDocumentStore With(Document document) => Room101.ReplicaHolding(document);

    private static Document Room(string status, long wall, string node) => Room101.Version(status, wall, node);
}
