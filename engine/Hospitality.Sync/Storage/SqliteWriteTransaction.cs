namespace Hospitality.Sync.Storage;

/// <summary>
/// A write transaction of <see cref="SqliteDocumentStore"/> run with BEGIN IMMEDIATE, COMMIT and
/// ROLLBACK statements the store prepared once. <see cref="Microsoft.Data.Sqlite.SqliteConnection.BeginTransaction()"/>
/// prepares BEGIN and COMMIT afresh every time, which cost more than the writes of a one-document
/// merge; a 500-device resort merges a million of those a day. Disposed without
/// <see cref="Commit"/>, it rolls back, like <see cref="Microsoft.Data.Sqlite.SqliteTransaction"/>.
/// </summary>
internal sealed class SqliteWriteTransaction : IDisposable
{
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private bool _open;

    public SqliteWriteTransaction(SqliteStatement begin, SqliteStatement commit, SqliteStatement rollback)
    {
        _commit = commit;
        _rollback = rollback;
        begin.Execute();
        _open = true;
    }

    public void Commit()
    {
        ThrowIfEnded(_open);
        _commit.Execute();
        _open = false;
    }

    public void Dispose()
    {
        if (_open)
        {
            _open = false;
            _rollback.Execute();
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
