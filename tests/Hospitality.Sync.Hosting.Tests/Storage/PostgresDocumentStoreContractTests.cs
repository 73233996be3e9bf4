using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Hosting.Storage;
using Hospitality.Sync.Storage;
using Hospitality.Sync.Tests.Storage;
using Npgsql;

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
    public void A_version_1_database_learns_each_documents_property_so_its_next_transfer_is_remembered()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        var connection = cluster.Database("version-1");
        using (var setup = new NpgsqlConnection(connection))
        {
            setup.Open();
            using var command = new NpgsqlCommand(
                """
                CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                CREATE TABLE documents (collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, stamp TEXT NOT NULL,
                    deleted BOOLEAN NOT NULL, origin TEXT NOT NULL, seq BIGINT NOT NULL UNIQUE, PRIMARY KEY (collection, id));
                CREATE TABLE outbox (seq BIGINT PRIMARY KEY, collection TEXT NOT NULL, id TEXT NOT NULL);
                CREATE TABLE checkpoints (upstream TEXT PRIMARY KEY, position BIGINT NOT NULL);
                CREATE TABLE conflicts (number BIGSERIAL PRIMARY KEY, collection TEXT NOT NULL, id TEXT NOT NULL, winner TEXT NOT NULL,
                    loser TEXT NOT NULL, reason TEXT NOT NULL, node TEXT NOT NULL);
                INSERT INTO documents VALUES ('rooms', 'room-1', '{"number":"101","propertyId":"berlin"}', '000000000000010:00000:tablet-1', false, 'tablet-1', 1);
                INSERT INTO store_meta VALUES ('schema_version', 1);
                """,
                setup);
            command.ExecuteNonQuery();
        }

        using var store = PostgresDocumentStore.Open(connection);
        var moved = store.Put(new Document("rooms", "room-1", """{"number":"101","propertyId":"munich","movedFrom":"berlin"}""", new HlcTimestamp(20, 0, "tablet-1"), false, "tablet-1"), queueForUpstream: false);

        Assert.Equal(["berlin"], moved.Departed.Properties);
        Assert.Equal(moved, Assert.Single(store.ChangesSince(0, 10).Changes));
        Assert.Equal(moved, Assert.Single(store.PropertyChangesSince("berlin", 0, 10).Changes));
    }

    [SkippableFact]
    public void An_unreachable_server_is_a_store_error_naming_the_cause()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);

        var error = Assert.Throws<StoreException>(() => PostgresDocumentStore.Open("Host=127.0.0.1;Port=1;Username=hotel;Database=none;Timeout=2"));

        Assert.StartsWith("Cannot open the PostgreSQL store", error.Message, StringComparison.Ordinal);
    }
}
