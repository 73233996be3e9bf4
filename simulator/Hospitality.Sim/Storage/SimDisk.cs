using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Storage;

/// <summary>
/// A simulated node's disk: a named in-memory SQLite database that outlives the node's store. A crash
/// abandons the store (everything committed stays), and a restart reopens it through the engine's code.
/// </summary>
public sealed class SimDisk : IDisposable
{
    // Named in-memory databases are process-wide and tests run simulations side by side: names must be unique.
    private static long s_disks;

    // A store of its own holds the database open between the node's stores, through the engine's code
    // (which configures SQLite before anything opens it).
    private readonly SqliteDocumentStore _keeper;

    public SimDisk(string owner)
    {
        Name = $"hsim-{Interlocked.Increment(ref s_disks)}-{owner}";
        _keeper = SqliteDocumentStore.OpenInMemory(Name);
    }

    public string Name { get; }

    /// <summary>Opens the store on this disk, as the node's software does when it starts.</summary>
    public SqliteDocumentStore Open() => SqliteDocumentStore.OpenInMemory(Name);

    public void Dispose() => _keeper.Dispose();
}
