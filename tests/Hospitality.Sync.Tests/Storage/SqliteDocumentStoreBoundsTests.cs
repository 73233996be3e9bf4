using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Storage;

/// <summary>Edges the mutation run found untested (docs/convergence-checks.md): limits, an unchanged checkpoint, null arguments.</summary>
public sealed class SqliteDocumentStoreBoundsTests
{
    [Fact]
    public void A_pull_that_leaves_the_checkpoint_where_it_was_is_stored()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        store.PutPulled([Room("room-101", wall: 1)], "cloud", 5);

        store.PutPulled([Room("room-102", wall: 2)], "cloud", 5);

        Assert.NotNull(store.Get("rooms", "room-102"));
        Assert.Equal(5, store.GetCheckpoint("cloud"));
    }

    [Fact]
    public void A_limit_of_zero_is_refused_by_every_reader()
    {
        using var store = SqliteDocumentStore.OpenInMemory();

        Assert.Throws<ArgumentOutOfRangeException>(() => store.ChangesSince(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.PeekOutbox(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.RecentConflicts(0));
    }

    [Fact]
    public void Resolving_or_logging_nothing_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => LwwResolver.Resolve(null!, Room("room-101", wall: 1)));
        Assert.Throws<ArgumentNullException>(() => LwwResolver.Resolve(Room("room-101", wall: 1), null!));
        Assert.Throws<ArgumentNullException>(() => new ConflictLog("tablet-1").Record(null!));
        Assert.ThrowsAny<ArgumentException>(() => new ConflictLog(""));
        Assert.Throws<ArgumentNullException>(() => new HybridLogicalClock(null!, "tablet-1"));
    }

    private static Document Room(string id, long wall) =>
        new("rooms", id, $$"""{"id":"{{id}}"}""", new HlcTimestamp(wall, 0, "tablet-1"), false, "tablet-1");
}
