using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;
using Microsoft.Data.Sqlite;

namespace Hospitality.Sync.Tests.Storage;

/// <summary>
/// What a store does with its file and its connection when it closes or SQLite refuses: the edges the
/// mutation run found untested (docs/convergence-checks.md).
/// </summary>
public sealed class SqliteDocumentStoreLifetimeTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hsim-lifetime-");

    [Fact]
    public void Disposing_a_file_store_closes_its_file_so_the_write_ahead_log_is_folded_in_and_removed()
    {
        var path = Path.Combine(_folder.FullName, "tablet.db");
        var store = SqliteDocumentStore.OpenFile(path);
        store.Put(Room("room-101", wall: 1), queueForUpstream: true);
        Assert.True(File.Exists(path + "-wal"));

        store.Dispose();

        // SQLite removes the log when the last connection to the file closes: a statement left
        // unfinalized, or a connection kept in a pool, would keep the file open and the log there.
        Assert.False(File.Exists(path + "-wal"));
        using var reopened = SqliteDocumentStore.OpenFile(path);
        Assert.NotNull(reopened.Get("rooms", "room-101"));
    }

    [Fact]
    public void Disposing_a_store_opened_on_a_kept_connection_leaves_the_connection_open()
    {
        using var database = SqliteDocumentStore.CreateInMemoryDatabase();
        var store = SqliteDocumentStore.OpenOn(database);
        store.Put(Room("room-101", wall: 1), queueForUpstream: true);

        store.Dispose();

        Assert.Equal(System.Data.ConnectionState.Open, database.State);
        using var command = database.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM documents";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_with_SQLites_error()
    {
        var path = Path.Combine(_folder.FullName, "notes.txt");
        File.WriteAllText(path, new string('x', 4096));
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();

        var error = Assert.Throws<SqliteException>(() => SqliteDocumentStore.OpenOn(connection));

        Assert.Equal(26, error.SqliteErrorCode); // SQLITE_NOTADB
    }

    [Fact]
    public void A_write_SQLite_refuses_throws_and_leaves_the_store_as_it_was()
    {
        var path = Path.Combine(_folder.FullName, "greengrass.db");
        using (var writable = SqliteDocumentStore.OpenFile(path))
        {
            writable.Put(Room("room-101", wall: 1), queueForUpstream: true);
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var store = SqliteDocumentStore.OpenOn(connection);

        var error = Assert.Throws<SqliteException>(() => store.Put(Room("room-102", wall: 2), queueForUpstream: true));

        Assert.Equal(8, error.SqliteErrorCode); // SQLITE_READONLY
        Assert.Null(store.Get("rooms", "room-102"));
        Assert.Equal(1, store.LastSequence);
        Assert.Equal(1, store.OutboxCount);
        Assert.Equal(["room-101"], store.PeekOutbox(10).Select(entry => entry.Id));
    }

    [Fact]
    public void The_durable_conflict_log_keeps_only_the_newest_conflicts()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        for (var i = 0; i <= SqliteDocumentStore.ConflictsKept; i++)
        {
            store.RecordConflict(Conflict(i));
        }

        var kept = store.RecentConflicts(SqliteDocumentStore.ConflictsKept + 1);

        Assert.Equal(SqliteDocumentStore.ConflictsKept, kept.Count);
        Assert.Equal($"room-{SqliteDocumentStore.ConflictsKept}", kept[0].Id);
        Assert.Equal("room-1", kept[^1].Id);
    }

    [Fact]
    public void A_single_version_without_a_stamp_is_refused_before_anything_is_written()
    {
        using var store = SqliteDocumentStore.OpenInMemory();

        Assert.Throws<ArgumentException>("document", () => store.Put(Room("room-101", wall: 1) with { Stamp = default }, queueForUpstream: true));

        Assert.Equal(0, store.LastSequence);
        Assert.Equal(0, store.OutboxCount);
    }

    [Fact]
    public void A_merged_batch_moves_the_last_sequence_to_its_last_version_and_an_empty_one_leaves_it()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        store.Put(Room("room-101", wall: 1), queueForUpstream: false);

        var stored = store.PutBatch([Room("room-102", wall: 2), Room("room-103", wall: 3)], queueForUpstream: false);
        Assert.Equal(stored[^1].Sequence, store.LastSequence);
        Assert.Equal(3, store.LastSequence);

        Assert.Empty(store.PutBatch([], queueForUpstream: true));
        Assert.Equal(3, store.LastSequence);
        Assert.Equal(0, store.OutboxCount);
    }

    [Fact]
    public void A_body_of_megabytes_and_a_node_id_of_any_length_are_stored_and_read_back_whole()
    {
        using var store = SqliteDocumentStore.OpenInMemory();
        var body = $$"""{"id":"room-101","notes":"{{new string('é', 2_000_000)}}"}""";
        var node = new string('n', 1_000_000);
        var document = new Document("rooms", "room-101", body, new HlcTimestamp(5, 0, node), false, node);

        store.Put(document, queueForUpstream: true);

        Assert.Equal(document, store.Get("rooms", "room-101"));
    }

    [Fact]
    public void A_read_SQLite_interrupts_throws_instead_of_reading_as_nothing()
    {
        using var database = SqliteDocumentStore.CreateInMemoryDatabase();
        using var store = SqliteDocumentStore.OpenOn(database);
        store.Put(Room("room-101", wall: 1), queueForUpstream: true);
        SQLitePCL.raw.sqlite3_progress_handler(database.Handle, 1, _ => 1, null);

        var error = Assert.Throws<SqliteException>(() => store.Get("rooms", "room-101"));

        Assert.Equal(9, error.SqliteErrorCode); // SQLITE_INTERRUPT
        SQLitePCL.raw.sqlite3_progress_handler(database.Handle, 0, null, null);
        Assert.NotNull(store.Get("rooms", "room-101"));
    }

    [Fact]
    public void A_query_SQLite_cannot_prepare_throws_its_error()
    {
        using var database = SqliteDocumentStore.CreateInMemoryDatabase();
        using var store = SqliteDocumentStore.OpenOn(database);
        using (var drop = database.CreateCommand())
        {
            drop.CommandText = "DROP TABLE conflicts";
            drop.ExecuteNonQuery();
        }

        var error = Assert.Throws<SqliteException>(() => store.RecentConflicts(10));

        Assert.Equal(1, error.SqliteErrorCode); // SQLITE_ERROR
        Assert.Contains("no such table: conflicts", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static ConflictRecord Conflict(int i) =>
        new("rooms", $"room-{i}", new HlcTimestamp(20 + i, 0, "tablet-2"), new HlcTimestamp(10 + i, 0, "tablet-1"), LwwReason.LaterWallTime, "greengrass");

    private static Document Room(string id, long wall) =>
        new("rooms", id, $$"""{"id":"{{id}}"}""", new HlcTimestamp(wall, 0, "tablet-1"), false, "tablet-1");
}
