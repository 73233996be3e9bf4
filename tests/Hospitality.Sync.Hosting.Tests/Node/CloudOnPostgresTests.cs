using Hospitality.Sync.Hosting.Storage;
using Hospitality.Sync.Hosting.Tests.Replication;
using Hospitality.Sync.Hosting.Tests.Storage;
using Hospitality.Sync.Node;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>hotel-node's cloud role storing in PostgreSQL, with a Greengrass and a device on SQLite files.</summary>
[Collection(LoopbackNodesCollection.Name)]
public sealed class CloudOnPostgresTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>, IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("hotel-node-pg-").FullName;

    [SkippableFact]
    public async Task A_device_write_reaches_a_cloud_that_stores_in_postgresql()
    {
        Skip.If(cluster.Unavailable is not null, cluster.Unavailable);
        var database = cluster.Database("cloud");
        var cloudPort = HotelNodeProcess.FreePort();
        var greengrassPort = HotelNodeProcess.FreePort();
        await using var cloud = await HotelNodeProcess.StartAsync("--role", "cloud", "--node-id", "cloud", "--port", $"{cloudPort}", "--store", "postgres", "--postgres", database);
        await using var greengrass = await HotelNodeProcess.StartAsync(
            "--role", "greengrass", "--node-id", "greengrass", "--port", $"{greengrassPort}", "--cloud", $"127.0.0.1:{cloudPort}", "--data", _data);
        var device = await HotelNodeProcess.StartAsync(
            "--role", "device", "--node-id", "tablet-1", "--port", "0", "--data", _data, "--writes-per-minute", "600", "--rooms", "5",
            "--greengrass", $"127.0.0.1:{greengrassPort}", "--cloud", $"127.0.0.1:{cloudPort}");
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(HotelNodeApp.ExitOk, await device.StopAsync());
        Assert.Equal(HotelNodeApp.ExitOk, await greengrass.StopAsync());
        Assert.Equal(HotelNodeApp.ExitOk, await cloud.StopAsync());

        using var store = PostgresDocumentStore.Open(database);
        var documents = store.ChangesSince(0, 100).Changes;
        Assert.NotEmpty(documents);
        Assert.All(documents, change => Assert.Equal("tablet-1", change.Document.OriginNode));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
