using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Conflicts;

public sealed class ConflictLogTests
{
    private const long Wall = DocumentVersions.BaseWallMilliseconds;

    [Fact]
    public void A_conflict_is_recorded_with_both_stamps_the_reason_and_the_resolving_node()
    {
        var log = new ConflictLog("greengrass");
        var current = Version("101", """{"status":"dirty"}""", Wall, "tablet-1");
        var incoming = Version("101", """{"status":"clean"}""", Wall + 5, "tablet-2");

        var recorded = log.Record(LwwResolver.Resolve(current, incoming));

        Assert.True(recorded);
        var record = Assert.Single(log);
        Assert.Equal(new ConflictRecord("rooms", "101", incoming.Stamp, current.Stamp, LwwReason.LaterWallTime, "greengrass"), record);
    }

    [Fact]
    public void Identical_versions_are_not_recorded()
    {
        var log = new ConflictLog("greengrass");
        var version = Version("101", "{}", Wall, "tablet-1");

        var recorded = log.Record(LwwResolver.Resolve(version, version with { }));

        Assert.False(recorded);
        Assert.Empty(log);
    }

    [Fact]
    public void Records_enumerate_in_insertion_order()
    {
        var log = new ConflictLog("greengrass");
        string[] ids = ["105", "101", "103"];

        foreach (var id in ids)
        {
            log.Record(Conflict(id, Wall));
        }

        Assert.Equal(ids, log.Select(record => record.Id));
    }

    [Fact]
    public void Past_its_capacity_the_log_keeps_the_newest_records_and_counts_the_dropped()
    {
        var log = new ConflictLog("greengrass", capacity: 3);

        for (var i = 0; i < 5; i++)
        {
            log.Record(Conflict($"{100 + i}", Wall + i));
        }

        Assert.Equal(3, log.Count);
        Assert.Equal(2, log.DroppedCount);
        Assert.Equal(["102", "103", "104"], log.Select(record => record.Id));
    }

    [Fact]
    public void The_default_capacity_is_stated_and_applies()
    {
        var log = new ConflictLog("greengrass");

        for (var i = 0; i < ConflictLog.DefaultCapacity + 1; i++)
        {
            log.Record(Conflict("101", Wall + i));
        }

        Assert.Equal(1_000, log.Capacity);
        Assert.Equal(ConflictLog.DefaultCapacity, log.Count);
        Assert.Equal(1, log.DroppedCount);
        Assert.Equal(Wall + 1, log.First().LoserStamp.WallMilliseconds);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_log_needs_room_for_at_least_one_record(int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConflictLog("greengrass", capacity));
    }

    private static LwwResolution Conflict(string id, long wallMilliseconds) =>
        LwwResolver.Resolve(
            Version(id, """{"status":"dirty"}""", wallMilliseconds, "tablet-1"),
            Version(id, """{"status":"clean"}""", wallMilliseconds + 1, "tablet-2"));

    private static Document Version(string id, string body, long wallMilliseconds, string node) =>
        new("rooms", id, body, new HlcTimestamp(wallMilliseconds, 0, node), Deleted: false, node);
}
