using Microsoft.Data.Sqlite;

namespace Hospitality.Sync.Storage;

/// <summary>
/// A write transaction of <see cref="SqliteDocumentStore"/> run with BEGIN IMMEDIATE, COMMIT and
/// ROLLBACK statements the store prepared once. <see cref="SqliteConnection.BeginTransaction()"/>
/// prepares BEGIN and COMMIT afresh every time, which cost more than the writes of a one-document
/// merge; a 500-device resort merges a million of those a day. Disposed without
/// <see cref="Commit"/>, it rolls back, like <see cref="SqliteTransaction"/>.
/// </summary>
internal sealed class SqliteWriteTransaction : IDisposable
{
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private bool _open;

    public SqliteWriteTransaction(SqliteCommand begin, SqliteCommand commit, SqliteCommand rollback)
    {
        _commit = commit;
        _rollback = rollback;
        begin.ExecuteNonQuery();
        _open = true;
    }

    public void Commit()
    {
        ThrowIfEnded(_open);
        _commit.ExecuteNonQuery();
        _open = false;
    }

    public void Dispose()
    {
        if (_open)
        {
            _open = false;
            _rollback.ExecuteNonQuery();
        }
    }

    private static void ThrowIfEnded(bool open)
    {
        if (!open)
        {
            throw new InvalidOperationException("The transaction has already ended.");
        }
    }
}
