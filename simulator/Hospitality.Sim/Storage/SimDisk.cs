using Hospitality.Sync.Storage;
using Microsoft.Data.Sqlite;

namespace Hospitality.Sim.Storage;

/// <summary>
/// A simulated node's disk: a named in-memory SQLite database that outlives the node's store. A crash
/// abandons the store (everything committed stays), and a restart reopens it through the engine's code.
/// </summary>
public sealed class SimDisk : IDisposable
{
    // Named in-memory databases are process-wide and tests run simulations side by side: names must be unique.
    private static long s_disks;

    private readonly SqliteConnection _keeper;

    public SimDisk(string owner)
    {
        Name = $"hsim-{Interlocked.Increment(ref s_disks)}-{owner}";
        _keeper = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Name,
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            Pooling = false,
        }.ToString());
        _keeper.Open();
    }

    public string Name { get; }

    /// <summary>Opens the store on this disk, as the node's software does when it starts.</summary>
    public SqliteDocumentStore Open() => SqliteDocumentStore.OpenInMemory(Name);

    public void Dispose() => _keeper.Dispose();
}
