using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hospitality.Sync.Storage;

/// <summary>
/// <see cref="IDocumentStore"/> on SQLite. Devices and servers open a file in WAL mode with
/// synchronous=FULL, so a write acknowledged to the caller survives a crash of the process (and of
/// the machine); the simulator opens in-memory databases through the same code.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore
{
    /// <summary>The schema this code writes; a file from another version is refused, never guessed at.</summary>
    public const int SchemaVersion = 4;

    /// <summary>Conflicts kept on disk: weeks of a busy hotel's real conflicts, bounded so the file cannot grow forever.</summary>
    public const int ConflictsKept = 10_000;

    private readonly SqliteConnection _connection;
    private readonly bool _ownsConnection;
    private readonly bool _journaled;
    private readonly List<SqliteStatement> _statements = [];
    private readonly Dictionary<string, long> _checkpoints = new(StringComparer.Ordinal);

    // The upstream asked for last and its position: a replicator asks for its one upstream's several times a
    // change, and on a device that is mostly the only one, so the answer comes without hashing its name.
    private string? _lastUpstream;
    private long _lastPosition;
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly SqliteStatement _get;
    private readonly SqliteStatement _upsert;
    private readonly SqliteStatement _queue;
    private readonly SqliteStatement _setCheckpoint;
    private readonly SqliteStatement _changesSince;
    private SqliteStatement? _propertyChangesSince;
    private readonly SqliteStatement _peekOutbox;
    private readonly SqliteStatement _acknowledge;
    private readonly SqliteStatement _recordConflict;
    private readonly SqliteStatement _trimConflicts;
    private long _assignedSequence;
    private int _outboxCount;

    // Process-wide, so set before SQLite initializes (it refuses afterwards, and then keeps its
    // defaults): no per-connection mutex, since a store's connection is used by one thread at a time,
    // and no memory statistics, which take a global mutex on every allocation. Together they took
    // 15 % off a one-document merge.
    static SqliteDocumentStore()
    {
        Batteries_V2.Init();
        raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD);
        raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }

    private SqliteDocumentStore(SqliteConnection connection, bool ownsConnection)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        CreateOrCheckSchema();
        using (var journal = Statement("PRAGMA journal_mode"))
        {
            _journaled = journal.ReadFirst(row => row.Text(0), "off") != "off";
        }

        LastSequence = Count("SELECT COALESCE(MAX(seq), 0) FROM documents");
        _outboxCount = (int)Count("SELECT COUNT(*) FROM outbox");
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _get = Prepare("SELECT collection, id, body, stamp, deleted, origin, seq, departed FROM documents WHERE collection = ?1 AND id = ?2");
        _upsert = Prepare(
            """
            INSERT INTO documents (collection, id, body, stamp, deleted, origin, seq, property, reach) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            ON CONFLICT (collection, id) DO UPDATE SET
                body = excluded.body, stamp = excluded.stamp, deleted = excluded.deleted,
                origin = excluded.origin, seq = excluded.seq, property = excluded.property,
                reach = CASE
                    WHEN excluded.reach IS NULL THEN NULL
                    WHEN documents.departed IS NOT NULL
                        OR (documents.property IS NOT NULL AND documents.property IS NOT excluded.property) THEN 1
                    ELSE excluded.reach
                END,
                departed = CASE
                    WHEN documents.property IS NULL OR documents.property IS excluded.property
                        OR instr(',' || documents.departed || ',', ',' || documents.property || ',') > 0 THEN documents.departed
                    ELSE coalesce(documents.departed || ',', '') || documents.property
                END
            RETURNING departed
            """);
        _queue = Prepare("INSERT INTO outbox (seq, collection, id) VALUES (?1, ?2, ?3)");
        _setCheckpoint = Prepare("INSERT INTO checkpoints (upstream, position) VALUES (?1, ?2) ON CONFLICT (upstream) DO UPDATE SET position = excluded.position");
        // No LIMIT in the feed's and the outbox's queries: the rows are read up to the limit (SqliteStatement.ReadAll).
        _changesSince = Prepare("SELECT collection, id, body, stamp, deleted, origin, seq, departed FROM documents WHERE seq > ?1 ORDER BY seq");
        _peekOutbox = Prepare("SELECT seq, collection, id FROM outbox ORDER BY seq");
        _acknowledge = Prepare("DELETE FROM outbox WHERE seq = ?1");
        _recordConflict = Prepare("INSERT INTO conflicts (collection, id, winner, loser, reason, node) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        _trimConflicts = Prepare("DELETE FROM conflicts WHERE number <= (SELECT MAX(number) FROM conflicts) - ?1");
    }

    public long LastSequence { get; private set; }

    // Kept in memory (this connection is the only writer): replicators ask on every wake-up, and
    // answering "empty" and "where was I" without SQL took a simulated 500-device day from 461 s to 277 s.
    public int OutboxCount => _outboxCount;

    /// <summary>Opens (or creates) a store file, in WAL mode.</summary>
    public static SqliteDocumentStore OpenFile(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        return new SqliteDocumentStore(connection, ownsConnection: true);
    }

    /// <summary>
    /// Opens a private in-memory store, which lives as long as this object (tests and benchmarks).
    /// </summary>
    public static SqliteDocumentStore OpenInMemory() => new(OpenMemoryConnection(), ownsConnection: true);

    /// <summary>
    /// A private in-memory database that outlives the stores opened on it with <see cref="OpenOn"/>:
    /// the simulator's disks, so a crashed node's store closes and its restart reopens the same data
    /// through this code. The caller disposes it. (A named shared-cache database did the same, but
    /// its locking cost every merge.)
    /// </summary>
    /// <remarks>
    /// It keeps no rollback journal: copying every page a merge touched into one was a third of a
    /// one-document merge (9.5 -> 6.3 us). Nothing a journal protects against happens to it: its
    /// crash sites fire only after a commit (a power loss inside a transaction is simulated on file
    /// stores, which have one), and the store checks a batch before it writes.
    /// Should a transaction still fail after writing, disposing it throws instead of rolling back
    /// half of it (<see cref="StoreException"/>): the run fails, never silently diverges.
    /// </remarks>
    public static SqliteConnection CreateInMemoryDatabase()
    {
        var connection = OpenMemoryConnection();
        Execute(connection, "PRAGMA journal_mode=OFF;");
        return connection;
    }

    /// <summary>Opens a store on a connection the caller keeps: disposing the store leaves it, and its database, open.</summary>
    public static SqliteDocumentStore OpenOn(SqliteConnection connection) => new(connection, ownsConnection: false);

    public Document? Get(string collection, string id) => GetChange(collection, id)?.Document;

    public StoredChange? GetChange(string collection, string id)
    {
        return _get.Bind(1, collection).Bind(2, id).ReadFirst(ReadChange, null);
    }

    public HlcTimestamp? NewestStamp()
    {
        // Stamps are stored as fixed-width text that sorts like the timestamp itself. Without an index
        // this scans the table, which only a (re)start asks for; every upsert would pay for the index.
        using var newest = Statement("SELECT MAX(stamp) FROM documents");
        return newest.ReadFirst(row => row.IsNull(0) ? (HlcTimestamp?)null : HlcTimestamp.Parse(row.Text(0)), null);
    }

    public StoredChange Put(Document document, bool queueForUpstream)
    {
        ThrowIfUnstamped(document);
        using var transaction = BeginTransaction();
        var stored = Upsert(document);
        if (queueForUpstream)
        {
            transaction.CrashPoint("store.crash.put.between-statements");
            _queue.Bind(1, stored.Sequence).Bind(2, document.Collection).Bind(3, document.Id).Execute();
        }

        transaction.Commit("store.crash.put.before-commit", "store.crash.put.after-commit");
        LastSequence = stored.Sequence;
        _outboxCount += queueForUpstream ? 1 : 0;
        return stored;
    }

    public IReadOnlyList<StoredChange> PutBatch(IReadOnlyList<Document> documents, bool queueForUpstream)
    {
        foreach (var document in documents)
        {
            ThrowIfUnstamped(document);
        }

        // The crash sites are Put's: a batch of one is exactly a Put, as most merged batches are.
        using var transaction = BeginTransaction();
        var stored = new List<StoredChange>(documents.Count);
        foreach (var document in documents)
        {
            var change = Upsert(document);
            stored.Add(change);
            if (queueForUpstream)
            {
                transaction.CrashPoint("store.crash.put.between-statements");
                _queue.Bind(1, change.Sequence).Bind(2, document.Collection).Bind(3, document.Id).Execute();
            }
        }

        transaction.Commit("store.crash.put.before-commit", "store.crash.put.after-commit");
        if (stored.Count > 0)
        {
            LastSequence = stored[^1].Sequence;
        }

        _outboxCount += queueForUpstream ? stored.Count : 0;
        return stored;
    }

    public IReadOnlyList<StoredChange> PutPulled(IReadOnlyList<Document> documents, string upstream, long checkpoint)
    {
        var previous = GetCheckpoint(upstream);
        if (checkpoint < previous)
        {
            throw new StoreException($"Checkpoint of '{upstream}' would go backwards: {checkpoint} < {previous}.");
        }

        foreach (var document in documents)
        {
            ThrowIfUnstamped(document);
        }

        using var transaction = BeginTransaction();
        var stored = new List<StoredChange>(documents.Count);
        foreach (var document in documents)
        {
            stored.Add(Upsert(document));
        }

        transaction.CrashPoint("store.crash.pull.between-statements");
        _setCheckpoint.Bind(1, upstream).Bind(2, checkpoint).Execute();
        transaction.Commit("store.crash.pull.before-commit", "store.crash.pull.after-commit");
        _checkpoints[upstream] = checkpoint;
        if (string.Equals(upstream, _lastUpstream, StringComparison.Ordinal))
        {
            _lastPosition = checkpoint;
        }

        if (stored.Count > 0)
        {
            LastSequence = stored[^1].Sequence;
        }

        return stored;
    }

    public ChangeBatch ChangesSince(long sequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var changes = _changesSince.Bind(1, sequence).ReadAll(ReadChange, limit);
        return new ChangeBatch(changes, changes.Count > 0 ? changes[^1].Sequence : sequence);
    }

    public ChangeBatch PropertyChangesSince(string property, long sequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var changes = PropertyFeedStatement().Bind(1, sequence).Bind(2, property).ReadAll(ReadChange, limit);
        return new ChangeBatch(changes, changes.Count > 0 ? changes[^1].Sequence : sequence);
    }

    public IReadOnlyList<OutboxEntry> PeekOutbox(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (_outboxCount == 0)
        {
            return [];
        }

        return _peekOutbox.ReadAll(row => new OutboxEntry(row.Int64(0), row.Text(1), row.Text(2)), limit);
    }

    public void AcknowledgeOutbox(IEnumerable<long> sequences)
    {
        using var transaction = BeginTransaction();
        var removed = 0;
        foreach (var sequence in sequences)
        {
            _acknowledge.Bind(1, sequence).Execute();
            removed += raw.sqlite3_changes(_connection.Handle);
        }

        transaction.Commit("store.crash.acknowledge.before-commit", "store.crash.acknowledge.after-commit");
        _outboxCount -= removed;
    }

    public void RecordConflict(ConflictRecord record)
    {
        using var transaction = BeginTransaction();
        _recordConflict.Bind(1, record.Collection).Bind(2, record.Id).Bind(3, record.WinnerStamp.ToString())
            .Bind(4, record.LoserStamp.ToString()).Bind(5, record.Reason.ToString()).Bind(6, record.ResolvedByNode).Execute();
        _trimConflicts.Bind(1, ConflictsKept).Execute();
        transaction.Commit("store.crash.conflict.before-commit", "store.crash.conflict.after-commit");
    }

    public IReadOnlyList<ConflictRecord> RecentConflicts(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        using var select = Statement("SELECT collection, id, winner, loser, reason, node FROM conflicts ORDER BY number DESC LIMIT ?1");
        return select.Bind(1, limit).ReadAll(row => new ConflictRecord(
            row.Text(0),
            row.Text(1),
            HlcTimestamp.Parse(row.Text(2)),
            HlcTimestamp.Parse(row.Text(3)),
            Enum.Parse<LwwReason>(row.Text(4)),
            row.Text(5)));
    }

    public long GetCheckpoint(string upstream)
    {
        if (ReferenceEquals(upstream, _lastUpstream))
        {
            return _lastPosition;
        }

        if (!_checkpoints.TryGetValue(upstream, out var position))
        {
            using var select = Statement("SELECT position FROM checkpoints WHERE upstream = ?1");
            position = select.Bind(1, upstream).ReadFirst(row => row.Int64(0), 0L);
            _checkpoints[upstream] = position;
        }

        _lastUpstream = upstream;
        _lastPosition = position;
        return position;
    }

    public void Dispose()
    {
        foreach (var statement in _statements)
        {
            statement.Dispose();
        }

        _statements.Clear();
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    // Checked for a whole batch before its transaction begins, so nothing fails halfway through one.
    private static void ThrowIfUnstamped(Document document)
    {
        if (document.Stamp.NodeId is null)
        {
            throw new ArgumentException($"{document.Collection}/{document.Id} has no HLC stamp.", nameof(document));
        }
    }

    private StoredChange Upsert(Document document)
    {
        // One connection writes this database, so sequences come from memory, not a MAX(seq) per row.
        // A rolled-back transaction leaves a gap, which the change feed does not mind: it only needs order.
        var sequence = _assignedSequence = Math.Max(_assignedSequence, LastSequence) + 1;
        // The row remembers the property each version belongs to, so the statement itself adds the
        // one a new version leaves to the document's departures, without reading the row first.
        var placement = RowPlacement.Of(document);
        var departed = _upsert.Bind(1, document.Collection).Bind(2, document.Id).Bind(3, document.BodyJson).Bind(4, document.Stamp)
            .Bind(5, document.Deleted ? 1 : 0).Bind(6, document.OriginNode).Bind(7, sequence).BindOrNull(8, placement.Property).BindOrNull(9, (int?)placement.Reach)
            .ReadFirst(row => row.IsNull(0) ? null : row.Text(0), null);
        return new StoredChange(sequence, document) { Departed = Departures.Parse(departed) };
    }

    // The index is made the first time a property's share of the feed is asked for (a whole-chain
    // server's): devices and Greengrasses, which never ask, do not pay for it on every upsert.
    private SqliteStatement PropertyFeedStatement()
    {
        if (_propertyChangesSince is null)
        {
            Execute(_connection, """
                CREATE INDEX IF NOT EXISTS documents_by_property ON documents (property, seq) WHERE reach = 0;
                CREATE INDEX IF NOT EXISTS documents_to_every_property ON documents (seq) WHERE reach = 1;
                """);
            // Two index ranges merged in sequence order (SQLite's MERGE (UNION ALL)): no sort, and read only up to the limit.
            _propertyChangesSince = Prepare(
                """
                SELECT collection, id, body, stamp, deleted, origin, seq, departed FROM documents WHERE property = ?2 AND reach = 0 AND seq > ?1
                UNION ALL
                SELECT collection, id, body, stamp, deleted, origin, seq, departed FROM documents WHERE reach = 1 AND seq > ?1
                ORDER BY seq
                """);
        }

        return _propertyChangesSince;
    }

    private static StoredChange ReadChange(SqliteStatement row) => new(
        row.Int64(6),
        new Document(row.Text(0), row.Text(1), row.Text(2), HlcTimestamp.Parse(row.Text(3)), row.Int64(4) != 0, row.Text(5)))
    {
        Departed = row.IsNull(7) ? Departures.None : Departures.Parse(row.Text(7)),
    };

    private void CreateOrCheckSchema()
    {
        var version = Count("PRAGMA user_version");
        if (version == SchemaVersion)
        {
            return;
        }

        if (version == 1)
        {
            // Version 1 indexed stamps for NewestStamp, which only a start asks; the index cost every upsert 2 of 10 µs.
            Execute(_connection, "BEGIN; DROP INDEX documents_by_stamp; PRAGMA user_version = 2; COMMIT;");
            version = 2;
        }

        if (version == 2)
        {
            AddPlacementColumns();
            version = 3;
        }

        if (version == 3)
        {
            AddReachColumn();
            return;
        }

        if (version != 0)
        {
            throw new StoreException($"The store has schema version {version}; this build reads version {SchemaVersion} only.");
        }

        Execute(_connection, $"""
            BEGIN;
            CREATE TABLE documents (
                collection TEXT NOT NULL,
                id TEXT NOT NULL,
                body TEXT NOT NULL,
                stamp TEXT NOT NULL,
                deleted INTEGER NOT NULL,
                origin TEXT NOT NULL,
                seq INTEGER NOT NULL UNIQUE,
                property TEXT,
                departed TEXT,
                reach INTEGER,
                PRIMARY KEY (collection, id)
            ) WITHOUT ROWID;
            CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY,
                collection TEXT NOT NULL,
                id TEXT NOT NULL
            );
            CREATE TABLE checkpoints (
                upstream TEXT PRIMARY KEY,
                position INTEGER NOT NULL
            );
            CREATE TABLE conflicts (
                number INTEGER PRIMARY KEY,
                collection TEXT NOT NULL,
                id TEXT NOT NULL,
                winner TEXT NOT NULL,
                loser TEXT NOT NULL,
                reason TEXT NOT NULL,
                node TEXT NOT NULL
            );
            PRAGMA user_version = {SchemaVersion};
            COMMIT;
            """);
    }

    // Version 3 keeps with each row the property its version belongs to and the properties the
    // document left; rows written before know their property (read from the body), not their past.
    private void AddPlacementColumns()
    {
        Execute(_connection, "BEGIN;");
        if (Count("SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = 'departed'") == 0)
        {
            Execute(_connection, "ALTER TABLE documents ADD COLUMN property TEXT; ALTER TABLE documents ADD COLUMN departed TEXT;");
        }

        using (var rows = Statement("SELECT collection, id, body, stamp, deleted, origin FROM documents"))
        using (var place = Statement("UPDATE documents SET property = ?3 WHERE collection = ?1 AND id = ?2"))
        {
            var documents = rows.ReadAll(row => new Document(row.Text(0), row.Text(1), row.Text(2), HlcTimestamp.Parse(row.Text(3)), row.Int64(4) != 0, row.Text(5)));
            foreach (var document in documents)
            {
                place.Bind(1, document.Collection).Bind(2, document.Id).BindOrNull(3, RowPlacement.Of(document).Property).Execute();
            }
        }

        Execute(_connection, "PRAGMA user_version = 3; COMMIT;");
    }

    // Version 4 keeps each row's reach (RowPlacement): read from its body, and every property's for a
    // row with departures, as the upsert widens it.
    private void AddReachColumn()
    {
        Execute(_connection, "BEGIN;");
        if (Count("SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = 'reach'") == 0)
        {
            Execute(_connection, "ALTER TABLE documents ADD COLUMN reach INTEGER;");
        }

        using (var rows = Statement("SELECT collection, id, body, stamp, deleted, origin, departed FROM documents"))
        using (var reach = Statement("UPDATE documents SET reach = ?3 WHERE collection = ?1 AND id = ?2"))
        {
            var documents = rows.ReadAll(row => (Document: new Document(row.Text(0), row.Text(1), row.Text(2), HlcTimestamp.Parse(row.Text(3)), row.Int64(4) != 0, row.Text(5)), Departed: !row.IsNull(6)));
            foreach (var (document, departed) in documents)
            {
                var placement = RowPlacement.Of(document);
                reach.Bind(1, document.Collection).Bind(2, document.Id).BindOrNull(3, (int?)(departed && placement.Reach is not null ? FeedReach.EveryProperty : placement.Reach)).Execute();
            }
        }

        Execute(_connection, $"PRAGMA user_version = {SchemaVersion}; COMMIT;");
    }

    private SqliteWriteTransaction BeginTransaction() => new(_connection.Handle!, _begin, _commit, _rollback, _journaled);

    // Prepared for this store's lifetime; a one-off query (at open, or rarely) is disposed after use.
    private SqliteStatement Prepare(string sql)
    {
        var statement = Statement(sql);
        _statements.Add(statement);
        return statement;
    }

    private SqliteStatement Statement(string sql) => new(_connection.Handle!, sql);

    private long Count(string sql)
    {
        using var count = Statement(sql);
        return count.ReadFirst(row => row.Int64(0), 0L);
    }

    private static SqliteConnection OpenMemoryConnection()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
