using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;
using Microsoft.Data.Sqlite;

namespace Hospitality.Sync.Tests.Storage;

public sealed class SqliteDocumentStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hsim-store-").FullName;

    [Fact]
    public void A_stored_document_reads_back_whole_including_tombstones()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        var room = Room("101", """{"status":"dirty"}""", wall: 1000);
        var deleted = Room("102", "{}", wall: 1001) with { Deleted = true };

        store.Put(room, queueForUpstream: true);
        store.Put(deleted, queueForUpstream: false);

        Assert.Equal(room, store.Get("rooms", "101"));
        Assert.Equal(deleted, store.Get("rooms", "102"));
        Assert.Null(store.Get("rooms", "103"));
    }

    [Fact]
    public void The_change_feed_pages_latest_versions_in_sequence_order()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        store.Put(Room("101", """{"v":1}""", 1), queueForUpstream: true);
        store.Put(Room("102", """{"v":1}""", 2), queueForUpstream: true);
        store.Put(Room("101", """{"v":2}""", 3), queueForUpstream: true);
        store.Put(Room("103", """{"v":1}""", 4), queueForUpstream: true);

        var first = store.ChangesSince(0, limit: 2);
        var second = store.ChangesSince(first.Checkpoint, limit: 2);
        var third = store.ChangesSince(second.Checkpoint, limit: 2);

        Assert.Equal(["102", "101"], first.Changes.Select(change => change.Document.Id));
        Assert.Equal("""{"v":2}""", first.Changes[1].Document.BodyJson);
        Assert.Equal(["103"], second.Changes.Select(change => change.Document.Id));
        Assert.True(third.IsEmpty);
        Assert.Equal(second.Checkpoint, third.Checkpoint);
        Assert.Equal(4, store.LastSequence);
    }

    [Fact]
    public void Only_local_writes_join_the_outbox_and_only_acknowledgement_removes_them()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        var a = store.Put(Room("101", "{}", 1), queueForUpstream: true);
        store.Put(Room("102", "{}", 2), queueForUpstream: false);
        var c = store.Put(Room("103", "{}", 3), queueForUpstream: true);

        Assert.Equal([a.Sequence, c.Sequence], store.PeekOutbox(10).Select(entry => entry.Sequence));
        store.AcknowledgeOutbox([a.Sequence]);

        Assert.Equal(1, store.OutboxCount);
        Assert.Equal("103", Assert.Single(store.PeekOutbox(10)).Id);
    }

    [Fact]
    public void Pulled_documents_and_their_checkpoint_commit_together()
    {
        using var store = SqliteDocumentStore.OpenInMemory();

        store.PutPulled([Room("101", "{}", 1), Room("102", "{}", 2)], "greengrass", checkpoint: 40);

        Assert.Equal(40, store.GetCheckpoint("greengrass"));
        Assert.Equal(0, store.GetCheckpoint("cloud"));
        Assert.Equal(0, store.OutboxCount);
        Assert.NotNull(store.Get("rooms", "102"));
    }

    [Fact]
    public void A_batch_that_fails_midway_stores_nothing_and_keeps_the_checkpoint()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        store.PutPulled([Room("100", "{}", 1)], "cloud", checkpoint: 5);
        var unstamped = new Document("rooms", "102", "{}", default, Deleted: false, "cloud");

        var error = Assert.Throws<ArgumentException>("document", () => store.PutPulled([Room("101", "{}", 2), unstamped], "cloud", checkpoint: 9));
        Assert.Contains("rooms/102", error.Message, StringComparison.Ordinal);

        Assert.Null(store.Get("rooms", "101"));
        Assert.Equal(5, store.GetCheckpoint("cloud"));
        Assert.Equal(1, store.LastSequence);
    }

    [Fact]
    public void A_checkpoint_never_goes_backwards()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        store.PutPulled([], "cloud", checkpoint: 10);

        var error = Assert.Throws<StoreException>(() => store.PutPulled([Room("101", "{}", 1)], "cloud", checkpoint: 9));

        Assert.Contains("backwards", error.Message);
        Assert.Contains("'cloud'", error.Message, StringComparison.Ordinal);
        Assert.Contains("9 < 10", error.Message, StringComparison.Ordinal);
        Assert.Null(store.Get("rooms", "101"));
    }

    [Fact]
    public void A_store_file_reopens_with_everything_in_wal_mode()
    {
        var path = Path.Combine(_directory, "tablet.db");
        using (var store = SqliteDocumentStore.OpenFile(path))
        {
            store.Put(Room("101", """{"status":"clean"}""", 7), queueForUpstream: true);
            store.PutPulled([Room("102", "{}", 8)], "greengrass", checkpoint: 3);
        }

        using var reopened = SqliteDocumentStore.OpenFile(path);

        Assert.Equal("""{"status":"clean"}""", reopened.Get("rooms", "101")!.BodyJson);
        Assert.Equal(3, reopened.GetCheckpoint("greengrass"));
        Assert.Equal(1, reopened.OutboxCount);
        Assert.Equal(2, reopened.LastSequence);
        Assert.Equal("wal", JournalMode(path));
    }

    [Fact]
    public void Resolved_conflicts_are_stored_newest_first_and_survive_a_reopen()
    {
        var path = Path.Combine(_directory, "greengrass.db");
        using (var store = SqliteDocumentStore.OpenFile(path))
        {
            for (var i = 0; i < 3; i++)
            {
                store.RecordConflict(new Hospitality.Sync.Conflicts.ConflictRecord("rooms", $"room-{i}", new HlcTimestamp(20 + i, 0, "tablet-2"), new HlcTimestamp(10 + i, 0, "tablet-1"), Hospitality.Sync.Conflicts.LwwReason.LaterWallTime, "greengrass"));
            }
        }

        using var reopened = SqliteDocumentStore.OpenFile(path);
        var recent = reopened.RecentConflicts(2);

        Assert.Equal(["room-2", "room-1"], recent.Select(record => record.Id));
        Assert.Equal(new HlcTimestamp(22, 0, "tablet-2"), recent[0].WinnerStamp);
        Assert.Equal(Hospitality.Sync.Conflicts.LwwReason.LaterWallTime, recent[0].Reason);
    }

    [Fact]
    public void A_file_from_another_schema_version_is_refused()
    {
        var path = Path.Combine(_directory, "future.db");
        Sql(path, "PRAGMA user_version = 99");

        var error = Assert.Throws<StoreException>(() => SqliteDocumentStore.OpenFile(path));

        Assert.Contains("schema version 99", error.Message);
    }

    [Fact]
    public void A_version_1_file_opens_with_its_documents_and_without_the_stamp_index()
    {
        var path = Path.Combine(_directory, "version-1.db");
        using (var store = SqliteDocumentStore.OpenFile(path))
        {
            store.Put(Room("room-1", """{"number":"101"}""", 10), queueForUpstream: true);
        }

        // What version 1 wrote: the same tables, plus an index on stamp.
        Sql(path, "CREATE INDEX documents_by_stamp ON documents (stamp); PRAGMA user_version = 1;");

        using (var reopened = SqliteDocumentStore.OpenFile(path))
        {
            Assert.Equal("""{"number":"101"}""", reopened.Get("rooms", "room-1")!.BodyJson);
            Assert.Equal(new HlcTimestamp(10, 0, "tablet-1"), reopened.NewestStamp());
            Assert.Equal(1, reopened.OutboxCount);
        }

        Assert.Equal(SqliteDocumentStore.SchemaVersion, Convert.ToInt32(Sql(path, "PRAGMA user_version")));
        Assert.Equal(0L, Sql(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'documents_by_stamp'"));
    }

    [Fact]
    public void A_version_2_file_learns_each_documents_property_so_its_next_transfer_is_remembered()
    {
        var path = Path.Combine(_directory, "version-2.db");
        Sql(path, """
            CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, stamp TEXT NOT NULL,
                deleted INTEGER NOT NULL, origin TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE, PRIMARY KEY (collection, id)) WITHOUT ROWID;
            CREATE TABLE outbox (seq INTEGER PRIMARY KEY, collection TEXT NOT NULL, id TEXT NOT NULL);
            CREATE TABLE checkpoints (upstream TEXT PRIMARY KEY, position INTEGER NOT NULL);
            CREATE TABLE conflicts (number INTEGER PRIMARY KEY, collection TEXT NOT NULL, id TEXT NOT NULL, winner TEXT NOT NULL,
                loser TEXT NOT NULL, reason TEXT NOT NULL, node TEXT NOT NULL);
            INSERT INTO documents VALUES ('rooms', 'room-1', '{"number":"101","propertyId":"berlin"}', '000000000000010:00000:tablet-1', 0, 'tablet-1', 1);
            PRAGMA user_version = 2;
            """);

        using var store = SqliteDocumentStore.OpenFile(path);
        var moved = store.Put(Room("room-1", """{"number":"101","propertyId":"munich","movedFrom":"berlin"}""", 20), queueForUpstream: false);

        Assert.Equal(["berlin"], moved.Departed.Properties);
        Assert.Equal(SqliteDocumentStore.SchemaVersion, Convert.ToInt32(Sql(path, "PRAGMA user_version")));
    }

    [Fact]
    public void A_version_3_file_learns_each_rows_reach_so_a_propertys_read_finds_what_it_left_and_not_anothers()
    {
        var path = Path.Combine(_directory, "version-3.db");
        Sql(path, """
            CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, stamp TEXT NOT NULL,
                deleted INTEGER NOT NULL, origin TEXT NOT NULL, seq INTEGER NOT NULL UNIQUE, property TEXT, departed TEXT, PRIMARY KEY (collection, id)) WITHOUT ROWID;
            CREATE TABLE outbox (seq INTEGER PRIMARY KEY, collection TEXT NOT NULL, id TEXT NOT NULL);
            CREATE TABLE checkpoints (upstream TEXT PRIMARY KEY, position INTEGER NOT NULL);
            CREATE TABLE conflicts (number INTEGER PRIMARY KEY, collection TEXT NOT NULL, id TEXT NOT NULL, winner TEXT NOT NULL,
                loser TEXT NOT NULL, reason TEXT NOT NULL, node TEXT NOT NULL);
            INSERT INTO documents VALUES ('rooms', 'room-1', '{"number":"101","propertyId":"munich"}', '000000000000010:00000:tablet-1', 0, 'tablet-1', 1, 'munich', 'berlin');
            INSERT INTO documents VALUES ('rooms', 'room-2', '{"number":"102","propertyId":"munich"}', '000000000000011:00000:tablet-1', 0, 'tablet-1', 2, 'munich', NULL);
            INSERT INTO documents VALUES ('guests', 'guest-1', '{"id":"guest-1","name":"Ada"}', '000000000000012:00000:tablet-1', 0, 'tablet-1', 3, NULL, NULL);
            PRAGMA user_version = 3;
            """);

        using var store = SqliteDocumentStore.OpenFile(path);

        Assert.Equal(["room-1"], store.PropertyChangesSince("berlin", 0, 10).Changes.Select(change => change.Document.Id));
        Assert.Equal(["room-1", "room-2"], store.PropertyChangesSince("munich", 0, 10).Changes.Select(change => change.Document.Id));
        Assert.Equal(SqliteDocumentStore.SchemaVersion, Convert.ToInt32(Sql(path, "PRAGMA user_version")));
    }

    [Fact]
    public void A_batch_that_fails_halfway_is_rolled_back_whole()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        store.Put(Room("room-1", "{}", 10), queueForUpstream: true);
        store.Put(Room("room-2", "{}", 11), queueForUpstream: true);
        var sequences = store.PeekOutbox(10).Select(entry => entry.Sequence).ToList();

        Assert.Throws<InvalidOperationException>(() => store.AcknowledgeOutbox(FailingAfterFirst(sequences)));

        Assert.Equal(sequences, store.PeekOutbox(10).Select(entry => entry.Sequence));
    }

    [Fact]
    public void A_batch_that_fails_halfway_on_a_database_without_a_journal_fails_the_store_loudly()
    {
        using var database = SqliteDocumentStore.CreateInMemoryDatabase();
        using var store = SqliteDocumentStore.OpenOn(database);
        store.Put(Room("room-1", "{}", 10), queueForUpstream: true);
        store.Put(Room("room-2", "{}", 11), queueForUpstream: true);
        var sequences = store.PeekOutbox(10).Select(entry => entry.Sequence).ToList();

        var error = Assert.Throws<StoreException>(() => store.AcknowledgeOutbox(FailingAfterFirst(sequences)));

        Assert.Contains("cannot be undone", error.Message);
    }

    [Fact]
    public void A_store_opened_again_on_the_same_in_memory_database_finds_what_was_committed()
    {
        using var database = SqliteDocumentStore.CreateInMemoryDatabase();
        using (var first = SqliteDocumentStore.OpenOn(database))
        {
            first.Put(Room("room-1", """{"number":"101"}""", 10), queueForUpstream: true);
        }

        using var second = SqliteDocumentStore.OpenOn(database);

        Assert.Equal("""{"number":"101"}""", second.Get("rooms", "room-1")!.BodyJson);
        Assert.Equal(1, second.OutboxCount);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<long> FailingAfterFirst(IEnumerable<long> sequences)
    {
        yield return sequences.First();
        throw new InvalidOperationException("the caller failed halfway through");
    }

    private static object? Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    internal static Document Room(string id, string body, long wall) =>
        new("rooms", id, body, new HlcTimestamp(wall, 0, "tablet-1"), Deleted: false, "tablet-1");

    private static string JournalMode(string path) => (string)Sql(path, "PRAGMA journal_mode")!;
}
