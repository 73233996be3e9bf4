using System.Net;
using FsCheck.Xunit;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Hosting.Tests.Replication;
using Hospitality.Sync.Node.Configuration;
using Hospitality.Sync.Node;
using Hospitality.Sync.Storage;
using Microsoft.Extensions.Configuration;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>hotel-node as a hotel runs it: a cloud, a Greengrass and devices on Kestrel, replicating over WebSocket on loopback.</summary>
[Collection(LoopbackNodesCollection.Name)]
public sealed class HotelNodeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("hotel-node-").FullName;

    [Fact]
    public async Task A_greengrass_and_two_devices_from_the_command_line_converge_and_drain_everything_on_shutdown()
    {
        var cloudPort = HotelNodeProcess.FreePort();
        var greengrassPort = HotelNodeProcess.FreePort();
        await using var cloud = await HotelNodeProcess.StartAsync("--role", "cloud", "--node-id", "cloud", "--port", $"{cloudPort}", "--data", _data);
        await using var greengrass = await HotelNodeProcess.StartAsync(
            "--role", "greengrass", "--node-id", "greengrass", "--port", $"{greengrassPort}", "--cloud", $"127.0.0.1:{cloudPort}", "--data", _data);
        var devices = new List<HotelNodeProcess>();
        foreach (var name in new[] { "tablet-1", "tablet-2" })
        {
            devices.Add(await HotelNodeProcess.StartAsync(
                "--role", "device", "--node-id", name, "--port", "0", "--data", _data, "--writes-per-minute", "1200", "--rooms", "20",
                "--greengrass", $"127.0.0.1:{greengrassPort}", "--cloud", $"127.0.0.1:{cloudPort}", "--Node:HealthProbeIntervalMs", "200"));
        }

        await Task.Delay(TimeSpan.FromSeconds(4));

        // Devices first, then the Greengrass (its cloud batch is 15 s away: draining must push it now), then the cloud.
        foreach (var device in devices)
        {
            Assert.Equal(HotelNodeApp.ExitOk, await device.StopAsync());
        }

        Assert.Equal(HotelNodeApp.ExitOk, await greengrass.StopAsync());
        Assert.Equal(HotelNodeApp.ExitOk, await cloud.StopAsync());

        var stores = new[] { "cloud", "greengrass", "tablet-1", "tablet-2" }.Select(name => (Name: name, Documents: Read(name, out var outbox), Outbox: outbox)).ToList();
        Assert.All(stores, store => Assert.Equal(0, store.Outbox));
        Assert.InRange(stores[0].Documents.Count, 2, 20);

        // tablet-1 stopped first and missed what tablet-2 wrote after; the rest stopped after the last write.
        Assert.Equal(stores[0].Documents, stores[1].Documents);
        Assert.Equal(stores[0].Documents, stores[3].Documents);
        Assert.Contains(stores[0].Documents, document => document.OriginNode == "tablet-1");
        Assert.Contains(stores[0].Documents, document => document.OriginNode == "tablet-2");
    }

    [Fact]
    public async Task Health_answers_the_seeds_ok_and_readiness_says_ready_once_the_store_is_open()
    {
        await using var cloud = await HotelNodeProcess.StartAsync("--role", "cloud", "--node-id", "cloud", "--port", $"{HotelNodeProcess.FreePort()}", "--data", _data);
        using var http = new HttpClient { BaseAddress = cloud.Address };

        var health = await http.GetAsync("/api/replication/health");
        var ready = await http.GetAsync("/api/replication/ready");
        var notWebSocket = await http.GetAsync("/api/replication/ws");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notWebSocket.StatusCode);
    }

    [Fact]
    public async Task Bad_configuration_exits_2_before_anything_starts()
    {
        Assert.Equal(HotelNodeApp.ExitBadInput, await HotelNodeApp.RunAsync(["--role", "kitchen", "--data", _data]));
        Assert.Equal(HotelNodeApp.ExitBadInput, await HotelNodeApp.RunAsync(["--role", "greengrass", "--node-id", "gg", "--data", _data]));
    }

    [Fact]
    public void Every_bad_setting_is_named_with_what_is_allowed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Node:Role"] = "kitchen",
            ["Node:NodeId"] = "tablet one",
            ["Node:Port"] = "70000",
            ["Node:Cloud"] = "cloud.example",
            ["Workload:WritesPerMinute"] = "-1",
        }).Build();

        var (settings, errors) = NodeSettings.Read(configuration);

        Assert.Null(settings);
        Assert.Contains(errors, error => error.StartsWith("Node:Role 'kitchen': one of greengrass, cloud, device", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("Node:NodeId 'tablet one'", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("Node:Port '70000': a whole number from 0 to 65535", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("Node:Cloud 'cloud.example': host:port", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith("Workload:WritesPerMinute '-1'", StringComparison.Ordinal));
    }

    [Property(MaxTest = 300)]
    public bool Any_values_for_the_settings_give_settings_or_named_errors_and_never_throw(string? role, string? nodeId, string? port, string? cloud, string? writesPerMinute)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Node:Role"] = role,
            ["Node:NodeId"] = nodeId,
            ["Node:Port"] = port,
            ["Node:Cloud"] = cloud,
            ["Node:Greengrass"] = cloud,
            ["Workload:WritesPerMinute"] = writesPerMinute,
        }).Build();

        var (settings, errors) = NodeSettings.Read(configuration);

        return (settings is null) == (errors.Count > 0)
            && errors.All(error => error.StartsWith("Node:", StringComparison.Ordinal) || error.StartsWith("Workload:", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private List<Document> Read(string node, out int outbox)
    {
        using var store = SqliteDocumentStore.OpenFile(Path.Combine(_data, $"{node}.db"));
        outbox = store.OutboxCount;
        return store.ChangesSince(0, 10_000).Changes.Select(change => change.Document)
            .OrderBy(document => document.Collection, StringComparer.Ordinal).ThenBy(document => document.Id, StringComparer.Ordinal).ToList();
    }
}
