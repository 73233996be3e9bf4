using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>The defaults the options records document (the seed guide's values), which hosts rely on by leaving them out.</summary>
public sealed class OptionDefaultsTests
{
    [Fact]
    public void A_replicator_asks_for_deltas_and_sends_no_hello_for_compression_unless_told()
    {
        var options = new ReplicatorOptions { Upstream = "greengrass", Host = "greengrass.local" };

        Assert.True(options.Delta);
        Assert.Equal(WireCompression.None, options.Compression);
        Assert.Equal(100, options.PullBatchSize);
        Assert.Equal(50, options.PushBatchSize);
        Assert.Null(options.PushInterval);
        Assert.Null(options.PushPacing);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BackoffProbeInterval);
    }

    [Fact]
    public void A_server_queues_pushes_upstream_serves_deltas_and_prefers_brotli_then_deflate()
    {
        var options = new ReplicationServerOptions();

        Assert.True(options.QueuePushesForUpstream);
        Assert.True(options.Delta);
        Assert.Equal([WireCompression.Brotli, WireCompression.Deflate], options.Compression);
        Assert.Null(options.Access);
        Assert.Equal(200, options.ChangeBatchSize);
    }
}
