using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;
using Npgsql;

namespace Hospitality.Sync.Hosting.Storage;

/// <summary>
/// <see cref="IDocumentStore"/> on PostgreSQL, for the cloud role: the same tables and rules as the
/// SQLite store (every method one transaction, sequences that only grow, checkpoints that never go
/// backwards). One node writes a database: the store holds a session advisory lock on it, so a
/// second writer is refused at open rather than interleaving sequences.
/// </summary>
public sealed class PostgresDocumentStore : IDocumentStore
{
    /// <summary>The schema this code writes; a database from another version is refused, never guessed at.</summary>
    public const int SchemaVersion = 3;

    /// <summary>Conflicts kept, as the SQLite store keeps them.</summary>
    public const int ConflictsKept = SqliteDocumentStore.ConflictsKept;

    // Any fixed number: the lock says "a hotel node writes this database".
    private const long WriterLockKey = 0x486f74656c4e6f64;

    private readonly NpgsqlConnection _connection;
    private readonly Dictionary<string, long> _checkpoints = new(StringComparer.Ordinal);
    private long _assignedSequence;

    private PostgresDocumentStore(NpgsqlConnection connection)
    {
        _connection = connection;
        if (!Scalar<bool>("SELECT pg_try_advisory_lock(@key)", ("key", WriterLockKey)))
        {
            throw new StoreException($"Another node is writing the database {connection.Database}: one node per database.");
        }

        CreateOrCheckSchema();
        LastSequence = Scalar<long>("SELECT COALESCE(MAX(seq), 0) FROM documents");
        OutboxCount = (int)Scalar<long>("SELECT COUNT(*) FROM outbox");
    }

    public long LastSequence { get; private set; }

    public int OutboxCount { get; private set; }

    /// <summary>Opens the database named in <paramref name="connectionString"/>, creating the tables on first use.</summary>
    /// <exception cref="StoreException">The server cannot be reached, refuses the login, or the schema is another version.</exception>
    public static PostgresDocumentStore Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            return new PostgresDocumentStore(connection);
        }
        catch (Exception exception) when (exception is NpgsqlException or ArgumentException or StoreException)
        {
            connection.Dispose();
            throw exception as StoreException ?? new StoreException($"Cannot open the PostgreSQL store: {exception.Message}");
        }
    }

    public Document? Get(string collection, string id) => GetChange(collection, id)?.Document;

    public StoredChange? GetChange(string collection, string id)
    {
        using var command = Command("SELECT collection, id, body, stamp, deleted, origin, seq, departed FROM documents WHERE collection = @c AND id = @i", ("c", collection), ("i", id));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadChange(reader) : null;
    }

    public HlcTimestamp? NewestStamp()
    {
        var newest = Scalar<string?>("SELECT MAX(stamp) FROM documents");
        return newest is null ? null : HlcTimestamp.Parse(newest);
    }

    public StoredChange Put(Document document, bool queueForUpstream) => PutBatch([document], queueForUpstream)[0];

    public IReadOnlyList<StoredChange> PutBatch(IReadOnlyList<Document> documents, bool queueForUpstream)
    {
        ThrowIfUnstamped(documents);
        return InTransaction(transaction =>
        {
            var stored = documents.Select(document => Upsert(document, transaction)).ToList();
            if (queueForUpstream)
            {
                foreach (var change in stored)
                {
                    Execute(transaction, "INSERT INTO outbox (seq, collection, id) VALUES (@s, @c, @i)", ("s", change.Sequence), ("c", change.Document.Collection), ("i", change.Document.Id));
                }
            }

            return stored;
        },
        stored =>
        {
            LastSequence = stored.Count > 0 ? stored[^1].Sequence : LastSequence;
            OutboxCount += queueForUpstream ? stored.Count : 0;
        });
    }

    public IReadOnlyList<StoredChange> PutPulled(IReadOnlyList<Document> documents, string upstream, long checkpoint)
    {
        var previous = GetCheckpoint(upstream);
        if (checkpoint < previous)
        {
            throw new StoreException($"Checkpoint of '{upstream}' would go backwards: {checkpoint} < {previous}.");
        }

        ThrowIfUnstamped(documents);
        return InTransaction(transaction =>
        {
            var stored = documents.Select(document => Upsert(document, transaction)).ToList();
            Execute(transaction, "INSERT INTO checkpoints (upstream, position) VALUES (@u, @p) ON CONFLICT (upstream) DO UPDATE SET position = excluded.position", ("u", upstream), ("p", checkpoint));
            return stored;
        },
        stored =>
        {
            _checkpoints[upstream] = checkpoint;
            LastSequence = stored.Count > 0 ? stored[^1].Sequence : LastSequence;
        });
    }

    public ChangeBatch ChangesSince(long sequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        using var command = Command("SELECT collection, id, body, stamp, deleted, origin, seq, departed FROM documents WHERE seq > @s ORDER BY seq LIMIT @l", ("s", sequence), ("l", limit));
        using var reader = command.ExecuteReader();
        var changes = new List<StoredChange>();
        while (reader.Read())
        {
            changes.Add(ReadChange(reader));
        }

        return new ChangeBatch(changes, changes.Count > 0 ? changes[^1].Sequence : sequence);
    }

    public ChangeBatch PropertyChangesSince(string property, long sequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // Two index ranges, each ordered and limited, merged (a Merge Append): no sort of the property's history.
        using var command = Command(
            """
            (SELECT collection, id, body, stamp, deleted, origin, seq, departed FROM documents WHERE property = @p AND reach = 0 AND seq > @s ORDER BY seq LIMIT @l)
            UNION ALL
            (SELECT collection, id, body, stamp, deleted, origin, seq, departed FROM documents WHERE reach = 1 AND seq > @s ORDER BY seq LIMIT @l)
            ORDER BY seq LIMIT @l
            """,
            ("p", property), ("s", sequence), ("l", limit));
        using var reader = command.ExecuteReader();
        var changes = new List<StoredChange>();
        while (reader.Read())
        {
            changes.Add(ReadChange(reader));
        }

        return new ChangeBatch(changes, changes.Count > 0 ? changes[^1].Sequence : sequence);
    }

    public IReadOnlyList<OutboxEntry> PeekOutbox(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (OutboxCount == 0)
        {
            return [];
        }

        using var command = Command("SELECT seq, collection, id FROM outbox ORDER BY seq LIMIT @l", ("l", limit));
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
        var acknowledged = sequences.ToArray();
        var removed = InTransaction(
            transaction => Execute(transaction, "DELETE FROM outbox WHERE seq = ANY(@s)", ("s", acknowledged)),
            _ => { });
        OutboxCount -= removed;
    }

    public void RecordConflict(ConflictRecord record)
    {
        InTransaction(
            transaction =>
            {
                Execute(
                    transaction,
                    "INSERT INTO conflicts (collection, id, winner, loser, reason, node) VALUES (@c, @i, @w, @l, @r, @n)",
                    ("c", record.Collection), ("i", record.Id), ("w", record.WinnerStamp.ToString()), ("l", record.LoserStamp.ToString()), ("r", record.Reason.ToString()), ("n", record.ResolvedByNode));
                return Execute(transaction, "DELETE FROM conflicts WHERE number <= (SELECT MAX(number) FROM conflicts) - @k", ("k", (long)ConflictsKept));
            },
            _ => { });
    }

    public IReadOnlyList<ConflictRecord> RecentConflicts(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        using var command = Command("SELECT collection, id, winner, loser, reason, node FROM conflicts ORDER BY number DESC LIMIT @l", ("l", limit));
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
            position = Scalar<long?>("SELECT position FROM checkpoints WHERE upstream = @u", ("u", upstream)) ?? 0;
            _checkpoints[upstream] = position;
        }

        return position;
    }

    public void Dispose()
    {
        // Released explicitly: the server ends a closed session's backend (and its locks) only some time after the socket closes.
        try
        {
            Scalar<bool>("SELECT pg_advisory_unlock(@key)", ("key", WriterLockKey));
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // The connection is already broken: its session, and the lock, end with it.
        }

        _connection.Dispose();
    }

    private static void ThrowIfUnstamped(IReadOnlyList<Document> documents)
    {
        foreach (var document in documents)
        {
            if (document.Stamp.NodeId is null)
            {
                throw new ArgumentException($"{document.Collection}/{document.Id} has no HLC stamp.", nameof(documents));
            }
        }
    }

    private StoredChange Upsert(Document document, NpgsqlTransaction transaction)
    {
        // One node writes this database (the advisory lock), so sequences come from memory; a rolled-back
        // transaction leaves a gap, which the change feed does not mind: it only needs order.
        var sequence = _assignedSequence = Math.Max(_assignedSequence, LastSequence) + 1;
        // As in the SQLite store: the row remembers its version's property, so the statement adds the
        // one a new version leaves to the document's departures.
        var placement = RowPlacement.Of(document);
        using var command = Command(
            """
            INSERT INTO documents (collection, id, body, stamp, deleted, origin, seq, property, reach) VALUES (@c, @i, @b, @t, @d, @o, @s, @p, @r)
            ON CONFLICT (collection, id) DO UPDATE SET
                body = excluded.body, stamp = excluded.stamp, deleted = excluded.deleted, origin = excluded.origin, seq = excluded.seq,
                property = excluded.property,
                reach = CASE
                    WHEN excluded.reach IS NULL THEN NULL
                    WHEN documents.departed IS NOT NULL
                        OR (documents.property IS NOT NULL AND documents.property IS DISTINCT FROM excluded.property) THEN 1
                    ELSE excluded.reach
                END,
                departed = CASE
                    WHEN documents.property IS NULL OR documents.property IS NOT DISTINCT FROM excluded.property
                        OR position(',' || documents.property || ',' IN ',' || coalesce(documents.departed, '') || ',') > 0 THEN documents.departed
                    ELSE coalesce(documents.departed || ',', '') || documents.property
                END
            RETURNING departed
            """,
            ("c", document.Collection), ("i", document.Id), ("b", document.BodyJson), ("t", document.Stamp.ToString()), ("d", document.Deleted), ("o", document.OriginNode), ("s", sequence),
            ("p", (object?)placement.Property ?? DBNull.Value), ("r", placement.Reach is { } reach ? (object)(short)reach : DBNull.Value));
        command.Transaction = transaction;
        var departed = command.ExecuteScalar();
        return new StoredChange(sequence, document) { Departed = Departures.Parse(departed as string) };
    }

    private static StoredChange ReadChange(NpgsqlDataReader row) => new(
        row.GetInt64(6),
        new Document(row.GetString(0), row.GetString(1), row.GetString(2), HlcTimestamp.Parse(row.GetString(3)), row.GetBoolean(4), row.GetString(5)))
    {
        Departed = row.IsDBNull(7) ? Departures.None : Departures.Parse(row.GetString(7)),
    };

    // The in-memory counters move only after the commit, so a failed transaction leaves them true.
    private T InTransaction<T>(Func<NpgsqlTransaction, T> work, Action<T> committed)
    {
        try
        {
            T result;
            using (var transaction = _connection.BeginTransaction())
            {
                result = work(transaction);
                transaction.Commit();
            }

            committed(result);
            return result;
        }
        catch (NpgsqlException exception)
        {
            throw new StoreException($"PostgreSQL refused a write: {exception.Message}");
        }
    }

    private void CreateOrCheckSchema()
    {
        Execute(null, "CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        var version = Scalar<int?>("SELECT value FROM store_meta WHERE key = 'schema_version'");
        if (version == SchemaVersion)
        {
            return;
        }

        if (version == 1)
        {
            AddPlacementColumns();
            version = 2;
        }

        if (version == 2)
        {
            AddReachColumn();
            return;
        }

        if (version is not null)
        {
            throw new StoreException($"The store has schema version {version}; this build reads version {SchemaVersion} only.");
        }

        InTransaction(
            transaction => Execute(transaction, $"""
                CREATE TABLE documents (
                    collection TEXT NOT NULL,
                    id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    stamp TEXT NOT NULL,
                    deleted BOOLEAN NOT NULL,
                    origin TEXT NOT NULL,
                    seq BIGINT NOT NULL UNIQUE,
                    property TEXT,
                    departed TEXT,
                    reach SMALLINT,
                    PRIMARY KEY (collection, id)
                );
                CREATE INDEX documents_by_property ON documents (property, seq) WHERE reach = 0;
                CREATE INDEX documents_to_every_property ON documents (seq) WHERE reach = 1;
                CREATE TABLE outbox (seq BIGINT PRIMARY KEY, collection TEXT NOT NULL, id TEXT NOT NULL);
                CREATE TABLE checkpoints (upstream TEXT PRIMARY KEY, position BIGINT NOT NULL);
                CREATE TABLE conflicts (
                    number BIGSERIAL PRIMARY KEY,
                    collection TEXT NOT NULL,
                    id TEXT NOT NULL,
                    winner TEXT NOT NULL,
                    loser TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    node TEXT NOT NULL
                );
                INSERT INTO store_meta (key, value) VALUES ('schema_version', {SchemaVersion});
                """),
            _ => { });
    }

    // Version 2 keeps with each row the property its version belongs to and the properties the
    // document left; rows written before know their property (read from the body), not their past.
    private void AddPlacementColumns()
    {
        InTransaction(
            transaction =>
            {
                Execute(transaction, "ALTER TABLE documents ADD COLUMN property TEXT, ADD COLUMN departed TEXT");
                var documents = new List<Document>();
                using (var select = Command("SELECT collection, id, body, stamp, deleted, origin FROM documents"))
                {
                    select.Transaction = transaction;
                    using var reader = select.ExecuteReader();
                    while (reader.Read())
                    {
                        documents.Add(new Document(reader.GetString(0), reader.GetString(1), reader.GetString(2), HlcTimestamp.Parse(reader.GetString(3)), reader.GetBoolean(4), reader.GetString(5)));
                    }
                }

                foreach (var document in documents)
                {
                    if (RowPlacement.Of(document).Property is { } property)
                    {
                        Execute(transaction, "UPDATE documents SET property = @p WHERE collection = @c AND id = @i", ("p", property), ("c", document.Collection), ("i", document.Id));
                    }
                }

                return Execute(transaction, "UPDATE store_meta SET value = 2 WHERE key = 'schema_version'");
            },
            _ => { });
    }

    // Version 3 keeps each row's reach (RowPlacement), indexed with the sequence: read from its body,
    // and every property's for a row with departures, as the upsert widens it.
    private void AddReachColumn()
    {
        InTransaction(
            transaction =>
            {
                Execute(transaction, "ALTER TABLE documents ADD COLUMN reach SMALLINT");
                var rows = new List<(Document Document, bool Departed)>();
                using (var select = Command("SELECT collection, id, body, stamp, deleted, origin, departed FROM documents"))
                {
                    select.Transaction = transaction;
                    using var reader = select.ExecuteReader();
                    while (reader.Read())
                    {
                        rows.Add((new Document(reader.GetString(0), reader.GetString(1), reader.GetString(2), HlcTimestamp.Parse(reader.GetString(3)), reader.GetBoolean(4), reader.GetString(5)), !reader.IsDBNull(6)));
                    }
                }

                foreach (var (document, departed) in rows)
                {
                    var reach = RowPlacement.Of(document).Reach;
                    if (reach is not null)
                    {
                        Execute(transaction, "UPDATE documents SET reach = @r WHERE collection = @c AND id = @i", ("r", (short)(departed ? FeedReach.EveryProperty : reach.Value)), ("c", document.Collection), ("i", document.Id));
                    }
                }

                Execute(transaction, "CREATE INDEX documents_by_property ON documents (property, seq) WHERE reach = 0");
                Execute(transaction, "CREATE INDEX documents_to_every_property ON documents (seq) WHERE reach = 1");
                return Execute(transaction, $"UPDATE store_meta SET value = {SchemaVersion} WHERE key = 'schema_version'");
            },
            _ => { });
    }

    private NpgsqlCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private int Execute(NpgsqlTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.Transaction = transaction;
        return command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
