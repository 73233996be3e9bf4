using Hospitality.Sync.Storage;
using Microsoft.Data.Sqlite;

namespace Hospitality.Sim.Storage;

/// <summary>
/// A simulated node's disk: an in-memory SQLite database that outlives the node's store. A crash
/// abandons the store (everything committed stays), and a restart reopens it through the engine's code.
/// </summary>
public sealed class SimDisk : IDisposable
{
    private readonly SqliteConnection _database = SqliteDocumentStore.CreateInMemoryDatabase();

    /// <summary>Opens the store on this disk, as the node's software does when it starts.</summary>
    public SqliteDocumentStore Open() => SqliteDocumentStore.OpenOn(_database);

    public void Dispose() => _database.Dispose();
}
