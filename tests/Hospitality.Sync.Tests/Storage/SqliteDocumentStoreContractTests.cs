using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Storage;

/// <summary>The SQLite store (files in WAL mode, as devices and servers open it) against the store contract.</summary>
public sealed class SqliteDocumentStoreContractTests : DocumentStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("store-contract-");

    protected override IDocumentStore Open(string name) => SqliteDocumentStore.OpenFile(Path.Combine(_folder.FullName, $"{name}.db"));

    public void Dispose() => _folder.Delete(recursive: true);
}
