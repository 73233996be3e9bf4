using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Storage;

/// <summary>
/// A store file (WAL, the production settings) loses power at each crash site inside its
/// transactions; reopened, it holds the whole transaction when the site is after the commit and
/// none of it before, with its outbox, checkpoints and sequence consistent with its documents.
/// </summary>
public sealed class TransactionCrashSiteTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hsim-crash-site-");

    public static TheoryData<string, bool> Sites => new()
    {
        { "store.crash.put.between-statements", false },
        { "store.crash.put.before-commit", false },
        { "store.crash.put.after-commit", true },
        { "store.crash.pull.between-statements", false },
        { "store.crash.pull.before-commit", false },
        { "store.crash.pull.after-commit", true },
        { "store.crash.acknowledge.before-commit", false },
        { "store.crash.acknowledge.after-commit", true },
        { "store.crash.conflict.before-commit", false },
        { "store.crash.conflict.after-commit", true },
    };

    [Theory]
    [MemberData(nameof(Sites))]
    public void A_store_that_loses_power_inside_a_transaction_reopens_with_all_of_it_or_none(string site, bool committed)
    {
        var path = Path.Combine(_folder.FullName, "store.db");
        using (var store = SqliteDocumentStore.OpenFile(path))
        {
            store.Put(Room("room-101", wall: 1), queueForUpstream: true);
            using (Buggify.Install(new OneSite(site)))
            {
                Assert.Equal(site, Assert.Throws<InjectedCrashException>(() => Transaction(site, store)).Site);
            }
        }

        using var reopened = SqliteDocumentStore.OpenFile(path);
        var (documents, outbox, checkpoint, conflicts) = site.Split('.')[2] switch
        {
            "put" => (committed ? 2 : 1, committed ? 2 : 1, 0L, 0),
            "pull" => (committed ? 3 : 1, 1, committed ? 9L : 0L, 0),
            "acknowledge" => (1, committed ? 0 : 1, 0L, 0),
            _ => (1, 1, 0L, committed ? 1 : 0),
        };
        var changes = reopened.ChangesSince(0, 100).Changes;
        Assert.Equal(documents, changes.Count);
        Assert.Equal(outbox, reopened.OutboxCount);
        Assert.Equal(outbox, reopened.PeekOutbox(100).Count);
        Assert.Equal(checkpoint, reopened.GetCheckpoint("cloud"));
        Assert.Equal(conflicts, reopened.RecentConflicts(10).Count);
        Assert.Equal(changes[^1].Sequence, reopened.LastSequence);
    }

    [Theory]
    [InlineData("store.crash.put.between-statements", false)]
    [InlineData("store.crash.put.before-commit", false)]
    [InlineData("store.crash.put.after-commit", true)]
    public void A_merged_batch_that_loses_power_inside_its_transaction_reopens_with_all_of_it_or_none(string site, bool committed)
    {
        var path = Path.Combine(_folder.FullName, "batch.db");
        using (var store = SqliteDocumentStore.OpenFile(path))
        {
            store.Put(Room("room-101", wall: 1), queueForUpstream: true);
            using (Buggify.Install(new OneSite(site)))
            {
                Assert.Equal(site, Assert.Throws<InjectedCrashException>(() => store.PutBatch([Room("room-102", wall: 2), Room("room-103", wall: 3)], queueForUpstream: true)).Site);
            }
        }

        using var reopened = SqliteDocumentStore.OpenFile(path);
        Assert.Equal(committed ? 3 : 1, reopened.ChangesSince(0, 100).Changes.Count);
        Assert.Equal(committed ? 3 : 1, reopened.OutboxCount);
        Assert.Equal(committed ? 3 : 1, reopened.LastSequence);
    }

    [Fact]
    public void An_in_memory_store_without_a_journal_never_loses_power_before_its_commit()
    {
        using var database = SqliteDocumentStore.CreateInMemoryDatabase();
        using var store = SqliteDocumentStore.OpenOn(database);
        using (Buggify.Install(new OneSite("store.crash.put.before-commit")))
        {
            store.Put(Room("room-101", wall: 1), queueForUpstream: true);
        }

        Assert.Equal(1, store.OutboxCount);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static void Transaction(string site, SqliteDocumentStore store)
    {
        switch (site.Split('.')[2])
        {
            case "put":
                store.Put(Room("room-102", wall: 2), queueForUpstream: true);
                break;
            case "pull":
                store.PutPulled([Room("room-201", wall: 3), Room("room-202", wall: 4)], "cloud", 9);
                break;
            case "acknowledge":
                store.AcknowledgeOutbox([1]);
                break;
            default:
                store.RecordConflict(new ConflictRecord("rooms", "room-101", new HlcTimestamp(2, 0, "a"), new HlcTimestamp(1, 0, "b"), LwwReason.LaterWallTime, "a"));
                break;
        }
    }

    private static Document Room(string id, long wall) =>
        new("rooms", id, $$"""{"id":"{{id}}"}""", new HlcTimestamp(wall, 0, "tablet-1"), false, "tablet-1");

    private sealed class OneSite(string site) : IFaultInjector
    {
        public bool ShouldFire(string reached) => reached == site;

        public TimeSpan StallFor(string reached) => TimeSpan.Zero;

        public void Reached(string mark)
        {
        }
    }
}
