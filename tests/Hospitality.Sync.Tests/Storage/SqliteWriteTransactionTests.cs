using Hospitality.Sync.Storage;
using Microsoft.Data.Sqlite;

namespace Hospitality.Sync.Tests.Storage;

/// <summary>The store's hand-made transaction: it ends once, by its commit or by its rollback.</summary>
public sealed class SqliteWriteTransactionTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly SqliteStatement _begin;
    private readonly SqliteStatement _commit;
    private readonly SqliteStatement _rollback;

    public SqliteWriteTransactionTests()
    {
        _connection.Open();
        using (var create = _connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE rooms (id TEXT PRIMARY KEY)";
            create.ExecuteNonQuery();
        }

        _begin = new SqliteStatement(_connection.Handle!, "BEGIN IMMEDIATE");
        _commit = new SqliteStatement(_connection.Handle!, "COMMIT");
        _rollback = new SqliteStatement(_connection.Handle!, "ROLLBACK");
    }

    [Fact]
    public void A_committed_transaction_cannot_be_committed_again()
    {
        var transaction = new SqliteWriteTransaction(_connection.Handle!, _begin, _commit, _rollback, journaled: true);
        Insert("room-101");
        transaction.Commit("test.before-commit", "test.after-commit");

        var error = Assert.Throws<InvalidOperationException>(() => transaction.Commit("test.before-commit", "test.after-commit"));

        Assert.Equal("The transaction has already ended.", error.Message);
        transaction.Dispose();
        Assert.Equal(1L, Rooms());
    }

    [Fact]
    public void A_transaction_disposed_twice_rolls_back_once()
    {
        var transaction = new SqliteWriteTransaction(_connection.Handle!, _begin, _commit, _rollback, journaled: true);
        Insert("room-101");

        transaction.Dispose();
        transaction.Dispose();

        Assert.Equal(0L, Rooms());
    }

    public void Dispose()
    {
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _connection.Dispose();
    }

    private void Insert(string id)
    {
        using var insert = new SqliteStatement(_connection.Handle!, "INSERT INTO rooms (id) VALUES (?1)");
        insert.Bind(1, id).Execute();
    }

    private long Rooms()
    {
        using var count = new SqliteStatement(_connection.Handle!, "SELECT COUNT(*) FROM rooms");
        return count.ReadFirst(row => row.Int64(0), -1L);
    }
}
