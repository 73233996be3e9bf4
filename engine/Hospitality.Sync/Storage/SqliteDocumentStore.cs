using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Microsoft.Data.Sqlite;

namespace Hospitality.Sync.Storage;

/// <summary>
/// <see cref="IDocumentStore"/> on SQLite. Devices and servers open a file in WAL mode with
/// synchronous=FULL, so a write acknowledged to the caller survives a crash of the process (and of
/// the machine); the simulator opens in-memory databases through the same code.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore
{
    /// <summary>The schema this code writes; a file from another version is refused, never guessed at.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Conflicts kept on disk: weeks of a busy hotel's real conflicts, bounded so the file cannot grow forever.</summary>
    public const int ConflictsKept = 10_000;

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private long _assignedSequence;
    private int _outboxCount;
    private readonly Dictionary<string, long> _checkpoints = new(StringComparer.Ordinal);

    private SqliteDocumentStore(SqliteConnection connection)
    {
        _connection = connection;
        CreateOrCheckSchema();
        LastSequence = Scalar<long>("SELECT COALESCE(MAX(seq), 0) FROM documents");
        _outboxCount = (int)Scalar<long>("SELECT COUNT(*) FROM outbox");
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
        return new SqliteDocumentStore(connection);
    }

    /// <summary>
    /// Opens a private in-memory store, which lives as long as this object (tests and benchmarks).
    /// </summary>
    public static SqliteDocumentStore OpenInMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return new SqliteDocumentStore(connection);
    }

    /// <summary>
    /// Opens a named in-memory database, shared by every connection to that name in this process and
    /// kept while one is open: the simulator's disks, so a crashed node's store closes and its
    /// restart reopens the same data through this code.
    /// </summary>
    public static SqliteDocumentStore OpenInMemory(string name)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = name,
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            Pooling = false,
        }.ToString());
        connection.Open();
        return new SqliteDocumentStore(connection);
    }

    public Document? Get(string collection, string id) => GetChange(collection, id)?.Document;

    public StoredChange? GetChange(string collection, string id)
    {
        var command = Command("SELECT collection, id, body, stamp, deleted, origin, seq FROM documents WHERE collection = $collection AND id = $id",
            ("$collection", collection), ("$id", id));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredChange(reader.GetInt64(6), ReadDocument(reader)) : null;
    }

    public HlcTimestamp? NewestStamp()
    {
        // Stamps are stored as fixed-width text that sorts like the timestamp itself.
        var command = Command("SELECT MAX(stamp) FROM documents");
        return command.ExecuteScalar() is string text ? HlcTimestamp.Parse(text) : null;
    }

    public StoredChange Put(Document document, bool queueForUpstream)
    {
        using var transaction = BeginTransaction();
        var stored = Upsert(document);
        if (queueForUpstream)
        {
            var outbox = Command("INSERT INTO outbox (seq, collection, id) VALUES ($seq, $collection, $id)",
                ("$seq", stored.Sequence), ("$collection", document.Collection), ("$id", document.Id));
            outbox.ExecuteNonQuery();
        }

        transaction.Commit();
        LastSequence = stored.Sequence;
        _outboxCount += queueForUpstream ? 1 : 0;
        return stored;
    }

    public IReadOnlyList<StoredChange> PutPulled(IReadOnlyList<Document> documents, string upstream, long checkpoint)
    {
        var previous = GetCheckpoint(upstream);
        if (checkpoint < previous)
        {
            throw new StoreException($"Checkpoint of '{upstream}' would go backwards: {checkpoint} < {previous}.");
        }

        using var transaction = BeginTransaction();
        var stored = new List<StoredChange>(documents.Count);
        foreach (var document in documents)
        {
            stored.Add(Upsert(document));
        }

        var command = Command(
            "INSERT INTO checkpoints (upstream, position) VALUES ($upstream, $position) ON CONFLICT (upstream) DO UPDATE SET position = excluded.position",
            ("$upstream", upstream), ("$position", checkpoint));
        {
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        _checkpoints[upstream] = checkpoint;
        if (stored.Count > 0)
        {
            LastSequence = stored[^1].Sequence;
        }

        return stored;
    }

    public ChangeBatch ChangesSince(long sequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var command = Command(
            "SELECT collection, id, body, stamp, deleted, origin, seq FROM documents WHERE seq > $since ORDER BY seq LIMIT $limit",
            ("$since", sequence), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var changes = new List<StoredChange>();
        while (reader.Read())
        {
            changes.Add(new StoredChange(reader.GetInt64(6), ReadDocument(reader)));
        }

        return new ChangeBatch(changes, changes.Count > 0 ? changes[^1].Sequence : sequence);
    }

    public IReadOnlyList<OutboxEntry> PeekOutbox(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (_outboxCount == 0)
        {
            return [];
        }

        var command = Command("SELECT seq, collection, id FROM outbox ORDER BY seq LIMIT $limit", ("$limit", limit));
        using var reader = command.ExecuteReader();
        var entries = new List<OutboxEntry>();
        while (reader.Read())
        {
            entries.Add(new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return entries;
    }

    public void AcknowledgeOutbox(IEnumerable<long> sequences)
    {
        using var transaction = BeginTransaction();
        var command = Command("DELETE FROM outbox WHERE seq = $seq", ("$seq", 0L));
        var removed = 0;
        foreach (var sequence in sequences)
        {
            command.Parameters["$seq"].Value = sequence;
            removed += command.ExecuteNonQuery();
        }

        transaction.Commit();
        _outboxCount -= removed;
    }

    public void RecordConflict(ConflictRecord record)
    {
        using var transaction = BeginTransaction();
        var insert = Command(
            "INSERT INTO conflicts (collection, id, winner, loser, reason, node) VALUES ($collection, $id, $winner, $loser, $reason, $node)",
            ("$collection", record.Collection), ("$id", record.Id), ("$winner", record.WinnerStamp.ToString()),
            ("$loser", record.LoserStamp.ToString()), ("$reason", record.Reason.ToString()), ("$node", record.ResolvedByNode));
        {
            insert.ExecuteNonQuery();
        }

        var trim = Command("DELETE FROM conflicts WHERE number <= (SELECT MAX(number) FROM conflicts) - $kept", ("$kept", ConflictsKept));
        {
            trim.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public IReadOnlyList<ConflictRecord> RecentConflicts(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var command = Command("SELECT collection, id, winner, loser, reason, node FROM conflicts ORDER BY number DESC LIMIT $limit", ("$limit", limit));
        using var reader = command.ExecuteReader();
        var records = new List<ConflictRecord>();
        while (reader.Read())
        {
            records.Add(new ConflictRecord(
                reader.GetString(0),
                reader.GetString(1),
                HlcTimestamp.Parse(reader.GetString(2)),
                HlcTimestamp.Parse(reader.GetString(3)),
                Enum.Parse<LwwReason>(reader.GetString(4)),
                reader.GetString(5)));
        }

        return records;
    }

    public long GetCheckpoint(string upstream)
    {
        if (!_checkpoints.TryGetValue(upstream, out var position))
        {
            position = Scalar<long>("SELECT COALESCE((SELECT position FROM checkpoints WHERE upstream = $upstream), 0)", ("$upstream", upstream));
            _checkpoints[upstream] = position;
        }

        return position;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
    }

    private StoredChange Upsert(Document document)
    {
        if (document.Stamp.NodeId is null)
        {
            throw new ArgumentException($"{document.Collection}/{document.Id} has no HLC stamp.", nameof(document));
        }

        // One connection writes this database, so sequences come from memory, not a MAX(seq) per row.
        // A rolled-back transaction leaves a gap, which the change feed does not mind: it only needs order.
        var sequence = _assignedSequence = Math.Max(_assignedSequence, LastSequence) + 1;
        var command = Command(
            """
            INSERT INTO documents (collection, id, body, stamp, deleted, origin, seq)
            VALUES ($collection, $id, $body, $stamp, $deleted, $origin, $seq)
            ON CONFLICT (collection, id) DO UPDATE SET
                body = excluded.body, stamp = excluded.stamp, deleted = excluded.deleted,
                origin = excluded.origin, seq = excluded.seq
            """,
            ("$collection", document.Collection), ("$id", document.Id), ("$body", document.BodyJson),
            ("$stamp", document.Stamp.ToString()), ("$deleted", document.Deleted), ("$origin", document.OriginNode), ("$seq", sequence));
        command.ExecuteNonQuery();
        return new StoredChange(sequence, document);
    }

    private static Document ReadDocument(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        HlcTimestamp.Parse(reader.GetString(3)),
        reader.GetBoolean(4),
        reader.GetString(5));

    private void CreateOrCheckSchema()
    {
        var version = Scalar<long>("PRAGMA user_version");
        if (version == SchemaVersion)
        {
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
                PRIMARY KEY (collection, id)
            ) WITHOUT ROWID;
            CREATE INDEX documents_by_stamp ON documents (stamp);
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

    // Statements are prepared once per store and reused: preparing SQL costs more than running it.
    // Transactions are plain BEGIN/COMMIT statements (SqliteWriteTransaction), so the connection
    // never holds a SqliteTransaction and commands run without one.
    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            _commands.Add(sql, command);
        }
        else
        {
            foreach (var (name, value) in parameters)
            {
                command.Parameters[name].Value = value;
            }
        }

        return command;
    }

    private SqliteWriteTransaction BeginTransaction() =>
        new(Command("BEGIN IMMEDIATE"), Command("COMMIT"), Command("ROLLBACK"));

    private T Scalar<T>(string sql, params (string Name, object Value)[] parameters)
    {
        var command = Command(sql, parameters);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
