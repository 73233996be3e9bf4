using Hospitality.Sync.Hosting.Storage;
using Hospitality.Sync.Storage;
using Hospitality.Sync.Tests.Storage;

namespace Hospitality.Sync.Hosting.Tests.Storage;

/// <summary>The PostgreSQL store (the cloud's) against the store contract, on a throw-away cluster.</summary>
public sealed class PostgresDocumentStoreContractTests(PostgresCluster cluster) : DocumentStoreContractTests, IClassFixture<PostgresCluster>
{
    private readonly Dictionary<string, string> _databases = [];

    protected override IDocumentStore Open(string name)
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        if (!_databases.TryGetValue(name, out var connection))
        {
            connection = _databases[name] = cluster.Database(name);
        }

        return PostgresDocumentStore.Open(connection);
    }

    [SkippableFact]
    public void A_second_writer_of_the_same_database_is_refused_at_open()
    {
        using var first = Open("two-writers");

        var error = Assert.Throws<StoreException>(() => Open("two-writers"));

        Assert.Contains("one node per database", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void An_unreachable_server_is_a_store_error_naming_the_cause()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);

        var error = Assert.Throws<StoreException>(() => PostgresDocumentStore.Open("Host=127.0.0.1;Port=1;Username=hotel;Database=none;Timeout=2"));

        Assert.StartsWith("Cannot open the PostgreSQL store", error.Message, StringComparison.Ordinal);
    }
}
