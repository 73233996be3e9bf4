using Hospitality.Sync.Faults;
using SQLitePCL;

namespace Hospitality.Sync.Storage;

/// <summary>
/// A write transaction of <see cref="SqliteDocumentStore"/> run with BEGIN IMMEDIATE, COMMIT and
/// ROLLBACK statements the store prepared once. <see cref="Microsoft.Data.Sqlite.SqliteConnection.BeginTransaction()"/>
/// prepares BEGIN and COMMIT afresh every time, which cost more than the writes of a one-document
/// merge; a 500-device resort merges a million of those a day. Disposed without
/// <see cref="Commit"/>, it rolls back, like <see cref="Microsoft.Data.Sqlite.SqliteTransaction"/>;
/// on a database without a rollback journal it throws instead, if it had written anything.
/// </summary>
internal sealed class SqliteWriteTransaction : IDisposable
{
    private readonly sqlite3 _database;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;
    private readonly bool _journaled;
    private readonly long _changesBefore;
    private bool _open;

    public SqliteWriteTransaction(sqlite3 database, SqliteStatement begin, SqliteStatement commit, SqliteStatement rollback, bool journaled)
    {
        _database = database;
        _commit = commit;
        _rollback = rollback;
        _journaled = journaled;
        _changesBefore = raw.sqlite3_total_changes(database);
        begin.Execute();
        _open = true;
    }

    /// <summary>Commits, with a crash site just before and one just after (constants: a commit allocates nothing for them).</summary>
    public void Commit(string beforeCommit, string afterCommit)
    {
        ThrowIfEnded(_open);
        CrashPoint(beforeCommit);
        _commit.Execute();
        _open = false;
        if (Buggify.Fires(afterCommit))
        {
            throw new InjectedCrashException(afterCommit);
        }
    }

    /// <summary>
    /// A simulated power loss inside the transaction. Only a journaled database can lose power
    /// there and reopen whole (SQLite drops the uncommitted frames), so one without a journal never does.
    /// </summary>
    public void CrashPoint(string site)
    {
        if (_journaled && Buggify.Fires(site))
        {
            throw new InjectedCrashException(site);
        }
    }

    public void Dispose()
    {
        if (!_open)
        {
            return;
        }

        _open = false;
        if (!_journaled && raw.sqlite3_total_changes(_database) != _changesBefore)
        {
            throw new StoreException("A transaction failed after writing to a database without a rollback journal: it cannot be undone, and the store is no longer whole.");
        }

        _rollback.Execute();
    }

    private static void ThrowIfEnded(bool open)
    {
        if (!open)
        {
            throw new InvalidOperationException("The transaction has already ended.");
        }
    }
}
