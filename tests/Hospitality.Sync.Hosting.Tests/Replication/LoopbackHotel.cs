using System.Net;
using System.Net.Sockets;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Hosting.Nodes;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Hosting.Tests.Replication;

/// <summary>
/// A cloud, a Greengrass and tablets as separate nodes, each on its own run loop with a SQLite file
/// store, replicating over OS sockets on loopback: the simulator's hotel, on the real stack.
/// </summary>
internal sealed class LoopbackHotel : IAsyncDisposable
{
    // A liveness bound, not a speed figure: CI runs the test projects side by side on two cores, where a
    // restart and the reconnect backoff took just over 30 s once.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("hotel-loopback-").FullName;
    private readonly int _cloudPort = FreePort();
    private readonly int _greengrassPort = FreePort();

    public HotelNode Cloud { get; private set; } = null!;

    public HotelNode? Greengrass { get; private set; }

    public List<HotelNode> Tablets { get; } = [];

    public static async Task<LoopbackHotel> StartAsync(int tablets)
    {
        var hotel = new LoopbackHotel();
        await hotel.RestartCloudAsync();
        await hotel.StartGreengrassAsync();
        for (var i = 0; i < tablets; i++)
        {
            hotel.Tablets.Add(await hotel.StartTabletAsync($"tablet-{i}"));
        }

        return hotel;
    }

    public async Task RestartCloudAsync() =>
        Cloud = await HotelNode.StartAsync(Options(NodeRole.Cloud, "cloud") with { Port = _cloudPort }, OsNetwork.Instance);

    public async Task StartGreengrassAsync() =>
        Greengrass = await HotelNode.StartAsync(Options(NodeRole.Greengrass, "greengrass") with { Port = _greengrassPort }, OsNetwork.Instance);

    public async Task StopGreengrassAsync()
    {
        await Greengrass!.StopAsync(TimeSpan.Zero);
        Greengrass = null;
    }

    public Task<HotelNode> StartTabletAsync(string name) => HotelNode.StartAsync(Options(NodeRole.Device, name), OsNetwork.Instance);

    public IEnumerable<HotelNode> Nodes => new[] { Cloud, Greengrass }.OfType<HotelNode>().Concat(Tablets);

    public static Task<List<Document>> SnapshotAsync(HotelNode node) =>
        node.OnLoopAsync(replica => replica.ChangesSince(0, 100_000).Changes.Select(change => change.Document)
            .OrderBy(document => document.Collection, StringComparer.Ordinal).ThenBy(document => document.Id, StringComparer.Ordinal).ToList());

    /// <summary>Waits until every running node holds the same documents, <paramref name="expected"/> of them.</summary>
    public async Task<bool> ConvergedAsync(int expected) => await EventuallyAsync(async () =>
    {
        var snapshots = new List<List<Document>>();
        foreach (var node in Nodes)
        {
            snapshots.Add(await SnapshotAsync(node));
        }

        return snapshots.All(snapshot => snapshot.Count == expected && snapshot.SequenceEqual(snapshots[0]));
    });

    public Task<bool> AllTabletsFollowAsync(string endpoint) => EventuallyAsync(async () =>
    {
        foreach (var tablet in Tablets)
        {
            if (await tablet.ActiveEndpointAsync() != endpoint)
            {
                return false;
            }
        }

        return true;
    });

    /// <summary>Each node's document count and outbox, for a failure message.</summary>
    public async Task<string> DescribeAsync()
    {
        var parts = new List<string>();
        foreach (var node in Nodes)
        {
            parts.Add($"{node.Options.NodeId}: {(await SnapshotAsync(node)).Count} documents, outbox {await node.OnLoopAsync(replica => replica.OutboxCount)}, upstream {await node.ActiveEndpointAsync() ?? "-"}");
        }

        return string.Join("; ", parts);
    }

    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        // One last look: on a loaded machine the state may have arrived during the final delay.
        return await condition();
    }

    public static string Room(int number, string status) =>
        $$"""{"id":"room-{{number}}","number":"{{number}}","floor":{{number / 100}},"type":"deluxe","status":"{{status}}"}""";

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Reverse().ToList())
        {
            await node.StopAsync(TimeSpan.Zero);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private HotelNodeOptions Options(NodeRole role, string name) => new()
    {
        Role = role,
        NodeId = name,
        OpenStore = () => SqliteDocumentStore.OpenFile(Path.Combine(_folder, $"{name}.db")),
        Greengrass = new DnsEndPoint("127.0.0.1", _greengrassPort),
        Cloud = new DnsEndPoint("127.0.0.1", _cloudPort),
        CloudBatchInterval = TimeSpan.FromMilliseconds(200),
        HealthProbeInterval = TimeSpan.FromMilliseconds(200),
    };

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
