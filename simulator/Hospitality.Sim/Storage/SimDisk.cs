using Hospitality.Sync.Storage;
using Microsoft.Data.Sqlite;

namespace Hospitality.Sim.Storage;

/// <summary>
/// A simulated node's disk, which outlives the node's store: an in-memory SQLite database, or a real
/// file in a temp folder of its own opened as devices and servers open theirs (WAL, synchronous=FULL).
/// A crash abandons the store (everything committed stays), and a restart reopens it through the engine's code.
/// </summary>
public sealed class SimDisk : IDisposable
{
    private readonly SqliteConnection? _memory;
    private readonly DirectoryInfo? _folder;

    private SimDisk(SqliteConnection? memory, DirectoryInfo? folder)
    {
        _memory = memory;
        _folder = folder;
    }

    /// <summary>Whether the store is a file (with a journal, so it can lose power inside a transaction).</summary>
    public bool IsFile => _folder is not null;

    public static SimDisk InMemory() => new(SqliteDocumentStore.CreateInMemoryDatabase(), null);

    /// <summary>
    /// A file store in a folder of its own; the folder's name never reaches the run, so it cannot
    /// change a trace. Where Linux has a file system in memory (/dev/shm) the folder goes there:
    /// SQLite's WAL, locking and recovery run as on a device, but fsync costs nothing, which on
    /// this VM's disk made a paging trial 18 s instead of 2.
    /// </summary>
    public static SimDisk OnFile()
    {
        if (!Directory.Exists(MemoryFileSystem))
        {
            return new(null, Directory.CreateTempSubdirectory("hsim-disk-"));
        }

        // A folder left by an earlier process with the same id holds nothing of this run.
        var folder = new DirectoryInfo(Path.Combine(MemoryFileSystem, $"hsim-disk-{Environment.ProcessId}-{Interlocked.Increment(ref s_folders)}"));
        if (folder.Exists)
        {
            folder.Delete(recursive: true);
        }

        folder.Create();
        return new(null, folder);
    }

    private const string MemoryFileSystem = "/dev/shm";

    private static int s_folders;

    /// <summary>Opens the store on this disk, as the node's software does when it starts.</summary>
    public SqliteDocumentStore Open() => _memory is not null
        ? SqliteDocumentStore.OpenOn(_memory)
        : SqliteDocumentStore.OpenFile(Path.Combine(_folder!.FullName, "store.db"));

    public void Dispose()
    {
        _memory?.Dispose();
        _folder?.Delete(recursive: true);
    }
}
