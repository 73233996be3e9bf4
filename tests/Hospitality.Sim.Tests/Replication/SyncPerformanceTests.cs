using Hospitality.Sim.Figures;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>
/// The seed guide's sync-performance rows, measured in virtual time on Wi-Fi tablets by
/// <see cref="SyncPerformance"/> (the same measurements the README quotes) and judged here against
/// the documented times.
/// </summary>
public sealed class SyncPerformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Initial_sync_of_1000_documents_via_greengrass_takes_under_the_documented_5_s()
    {
        var (elapsed, endpoint) = SyncPerformance.InitialSync(viaCloud: false);

        output.WriteLine($"initial sync of 1000 documents via Greengrass: {elapsed.TotalSeconds:F3} s (documented 5 s)");
        Assert.Equal("greengrass", endpoint);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"{elapsed}");
    }

    [Fact]
    public void Initial_sync_of_1000_documents_via_cloud_takes_under_the_documented_20_s()
    {
        var (elapsed, endpoint) = SyncPerformance.InitialSync(viaCloud: true);

        output.WriteLine($"initial sync of 1000 documents via cloud (Greengrass down from the start): {elapsed.TotalSeconds:F3} s (documented 20 s)");
        Assert.Equal("cloud", endpoint);
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"{elapsed}");
    }

    [Theory]
    [InlineData(false, 0.2)]
    [InlineData(true, 1.0)]
    public void A_batch_of_50_documents_reaches_another_tablet_within_the_documented_time(bool viaCloud, double documentedSeconds)
    {
        var (elapsed, endpoint) = SyncPerformance.Batch(viaCloud);

        output.WriteLine($"batch of 50 documents tablet to tablet via {endpoint}: {elapsed.TotalMilliseconds:F1} ms (documented {documentedSeconds * 1000:F0} ms)");
        Assert.Equal(viaCloud ? "cloud" : "greengrass", endpoint);
        Assert.True(elapsed < TimeSpan.FromSeconds(documentedSeconds), $"{elapsed}");
    }

    [Fact]
    public void An_offline_queue_of_100_documents_flushes_to_greengrass_soon_after_reconnecting()
    {
        var elapsed = SyncPerformance.OfflineQueue();

        output.WriteLine($"offline queue of 100 documents flushed after reconnect: {elapsed.TotalSeconds:F3} s after the heal (reconnect backoff included)");
        Assert.True(elapsed < TimeSpan.FromSeconds(45), $"{elapsed}");
    }
}
