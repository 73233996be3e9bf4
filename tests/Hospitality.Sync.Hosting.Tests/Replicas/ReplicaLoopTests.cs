using Hospitality.Sync.Clock;
using Hospitality.Sync.Hosting.Replicas;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Hosting.Tests.Replicas;

/// <summary>A replica belongs to the loop it was made on: work posted there runs, a write or merge from another thread is refused before it stores anything.</summary>
public sealed class ReplicaLoopTests
{
    private const string Room = """{"id":"101","number":"101","floor":1,"type":"double","status":"dirty"}""";

    [Fact]
    public async Task Work_posted_to_the_loop_writes_and_a_write_or_merge_from_another_thread_is_refused_and_stores_nothing()
    {
        using var greengrass = await ReplicaLoop.StartAsync("greengrass", () => new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(TimeProvider.System, "greengrass")));
        var written = await greengrass.RunAsync(replica => replica.Write("rooms", "101", Room), CancellationToken.None);

        var write = Assert.Throws<InvalidOperationException>(() => greengrass.Replica.Write("rooms", "102", Room.Replace("101", "102")));
        var merge = Assert.Throws<InvalidOperationException>(() => greengrass.Replica.Merge([written.Document with { Stamp = new HlcTimestamp(written.Document.Stamp.WallMilliseconds + 1, 0, "tablet-1"), OriginNode = "tablet-1" }]));
        var outbox = Assert.Throws<InvalidOperationException>(() => greengrass.Replica.TakeOutbox(10));

        Assert.Contains("a local write arrived on thread", write.Message);
        Assert.Contains("a merge", merge.Message);
        Assert.Contains("taking the outbox", outbox.Message);
        Assert.Equal(written.Sequence, await greengrass.RunAsync(replica => replica.LastSequence, CancellationToken.None));
        Assert.Null(await greengrass.RunAsync(replica => replica.Get("rooms", "102"), CancellationToken.None));
    }
}
