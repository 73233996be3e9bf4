using BenchmarkDotNet.Attributes;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Benchmarks;

/// <summary>
/// SQLite apply throughput through <see cref="Replica"/>, the engine's only way into a store: every
/// document is validated against its schema, merged or stamped, and written. One operation is one
/// document, so Mean is time per document (its inverse is documents per second). Bodies are the
/// realistic rooms and reservations of <see cref="HotelBodies"/>, half of each.
/// </summary>
/// <remarks>
/// Allocated counts managed memory only; SQLite's own allocations are native and not in it.
/// </remarks>
[MemoryDiagnoser]
[ShortRunJob]
public class StorageBenchmarks
{
    private const int PageDocuments = 1000;
    private const int PagesPerInvoke = 4;
    private const int MemoryWrites = 1000;
    private const int FileWrites = 100;
    private const string Upstream = "greengrass";

    private Document[] _page = null!;
    private Document[] _newerPage = null!;
    private (string Collection, string Id, string Body)[] _writes = null!;
    private int _nextWrite;
    private readonly Replica[] _pullers = new Replica[PagesPerInvoke];
    private Replica _replica = null!;
    private string? _directory;

    /// <summary>Catch-up's page of 1000 documents, and a second page with a newer version of each.</summary>
    [GlobalSetup(Targets = [nameof(Merge_pulled_page_into_empty_store), nameof(Merge_pulled_page_of_newer_versions)])]
    public void SetupPages()
    {
        _page = HotelBodies.Versions(PageDocuments, "tablet-front-desk", HotelBodies.Epoch);
        _newerPage = HotelBodies.Versions(PageDocuments, "tablet-housekeeping-1", HotelBodies.Epoch + 3_600_000, version: 1);
    }

    // Merging a page changes its store, so every invocation gets fresh stores (BenchmarkDotNet then
    // runs one invocation per iteration); four pages per invocation keep an iteration above 100 ms.
    [IterationSetup(Target = nameof(Merge_pulled_page_into_empty_store))]
    public void OpenEmptyStores()
    {
        for (var i = 0; i < _pullers.Length; i++)
        {
            _pullers[i] = InMemoryReplica("tablet-housekeeping-2");
            if (_pullers[i].Store.LastSequence != 0)
            {
                throw new InvalidOperationException("A new in-memory store is not empty: was its connection pooled?");
            }
        }
    }

    [IterationSetup(Target = nameof(Merge_pulled_page_of_newer_versions))]
    public void OpenStoresHoldingPage()
    {
        OpenEmptyStores();
        foreach (var puller in _pullers)
        {
            puller.Merge(_page, Upstream, PageDocuments);
        }
    }

    [IterationCleanup(Targets = [nameof(Merge_pulled_page_into_empty_store), nameof(Merge_pulled_page_of_newer_versions)])]
    public void CloseStores()
    {
        foreach (var puller in _pullers)
        {
            puller.Store.Dispose();
        }
    }

    /// <summary>
    /// One operation: one document of a 1000-document pulled page merged into an empty in-memory
    /// store, the whole page in one transaction with its checkpoint (a tablet's initial sync).
    /// </summary>
    [Benchmark(OperationsPerInvoke = PagesPerInvoke * PageDocuments)]
    public int Merge_pulled_page_into_empty_store()
    {
        var stored = 0;
        foreach (var puller in _pullers)
        {
            stored += puller.Merge(_page, Upstream, PageDocuments).Stored.Count;
        }

        return stored;
    }

    /// <summary>
    /// One operation: one document of a 1000-document page whose every document is a newer version of
    /// one the store holds: read, resolved last-write-wins, recorded in the conflict log, replaced.
    /// </summary>
    [Benchmark(OperationsPerInvoke = PagesPerInvoke * PageDocuments)]
    public int Merge_pulled_page_of_newer_versions()
    {
        var stored = 0;
        foreach (var puller in _pullers)
        {
            stored += puller.Merge(_newerPage, Upstream, 2 * PageDocuments).Stored.Count;
        }

        return stored;
    }

    [GlobalSetup(Target = nameof(Write_one_document_in_memory))]
    public void SetupMemoryWriter()
    {
        SetupWrites();
        _replica = InMemoryReplica("tablet-front-desk");
    }

    [GlobalSetup(Target = nameof(Write_one_document_to_WAL_file))]
    public void SetupFileWriter()
    {
        SetupWrites();
        _directory = Directory.CreateTempSubdirectory("hospitality-bench-").FullName;
        _replica = new Replica(SqliteDocumentStore.OpenFile(Path.Combine(_directory, "tablet.db")), new HybridLogicalClock(TimeProvider.System, "tablet-front-desk"));
    }

    [GlobalCleanup(Targets = [nameof(Write_one_document_in_memory), nameof(Write_one_document_to_WAL_file)])]
    public void CloseWriter()
    {
        _replica.Store.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>
    /// One operation: one local write (<see cref="Replica.Write"/>: stamp, validate, store and queue
    /// in the outbox, one transaction) to an in-memory store. Writes cycle over 1000 rooms and
    /// reservations, so the store stays at 1000 documents while the outbox grows, as on a tablet
    /// that is offline.
    /// </summary>
    [Benchmark(OperationsPerInvoke = MemoryWrites)]
    public long Write_one_document_in_memory() => Write(MemoryWrites);

    /// <summary>
    /// The same to a store file in WAL mode with synchronous=FULL (how devices and servers open it),
    /// in a temporary directory: every write is one transaction, so one WAL sync to the disk. This
    /// figure is the disk's more than the engine's: it depends on the machine's storage and its
    /// write cache and can differ by orders of magnitude between this VM, a laptop SSD and a tablet's eMMC.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FileWrites)]
    public long Write_one_document_to_WAL_file() => Write(FileWrites);

    private static Replica InMemoryReplica(string node) =>
        new(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(TimeProvider.System, node));

    private void SetupWrites()
    {
        // Five versions of each of 1000 documents, so consecutive rounds change the body, not just the stamp.
        _writes = new (string, string, string)[5 * PageDocuments];
        for (var i = 0; i < _writes.Length; i++)
        {
            _writes[i] = HotelBodies.Mixed(i % PageDocuments, version: i / PageDocuments);
        }
    }

    private long Write(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (collection, id, body) = _writes[_nextWrite];
            _nextWrite = (_nextWrite + 1) % _writes.Length;
            _replica.Write(collection, id, body);
        }

        return _replica.Store.LastSequence;
    }
}
