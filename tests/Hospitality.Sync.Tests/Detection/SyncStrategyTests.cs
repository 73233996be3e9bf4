using Hospitality.Sync.Detection;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Detection;

public sealed class SyncStrategyTests
{
    private static readonly ReplicatorOptions Device = new() { Upstream = "cloud", Host = "api.hotel.example" };

    [Fact]
    public void The_seed_table_s_cellular_row_becomes_minute_batches_of_ten_compressed()
    {
        var options = new SyncStrategyTable().Cellular.ApplyTo(Device);

        Assert.Equal((TimeSpan.FromSeconds(60), 10, 10, WireCompression.Brotli), (options.PushInterval, options.PushBatchSize, options.PullBatchSize, options.Compression));
        Assert.Equal(("cloud", "api.hotel.example"), (options.Upstream, options.Host));
    }

    [Fact]
    public void The_on_property_row_is_plain_every_five_seconds()
    {
        var options = new SyncStrategyTable().OnProperty.ApplyTo(Device);

        Assert.Equal((TimeSpan.FromSeconds(5), 100, WireCompression.None), (options.PushInterval, options.PushBatchSize, options.Compression));
    }

    [Fact]
    public void Each_situation_has_its_row_and_offline_has_no_primary()
    {
        var table = new SyncStrategyTable();

        Assert.All(Enum.GetValues<NetworkSituation>(), situation => Assert.Equal(situation, table.For(situation).Situation));
        Assert.Null(table.Offline.Primary);
        Assert.True(table.Offline.EnableP2P);
    }
}
