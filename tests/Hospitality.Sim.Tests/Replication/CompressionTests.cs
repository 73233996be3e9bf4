using System.Net;
using Hospitality.Sim.Network;
using Hospitality.Sim.Tests.Network;
using Hospitality.Sim.Workload;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Replication;

/// <summary>
/// Compression negotiated in the hello, measured on the hotel documents the workload makes: a phone
/// on cellular syncing a 120-room property from the cloud, then pushing a shift's room updates.
/// </summary>
public sealed class CompressionTests(ITestOutputHelper output)
{
    private const int ServerPort = 8443;

    [Fact]
    public void Compression_shrinks_a_cellular_phone_s_sync_of_hotel_documents_by_more_than_two_thirds()
    {
        var plain = Sync(WireCompression.None);
        var deflate = Sync(WireCompression.Deflate);
        var brotli = Sync(WireCompression.Brotli);

        foreach (var (name, run) in new[] { ("plain", plain), ("deflate", deflate), ("brotli", brotli) })
        {
            output.WriteLine($"{name,-8} {run.Documents} documents: received {run.ReceivedBytes:N0} B, pushed {run.SentBytes:N0} B; saving {1 - ((double)(run.ReceivedBytes + run.SentBytes) / (plain.ReceivedBytes + plain.SentBytes)):P0}");
        }

        Assert.Equal(plain.Documents, brotli.Documents);
        Assert.Equal(plain.Documents, deflate.Documents);
        Assert.True(brotli.ReceivedBytes < plain.ReceivedBytes / 3, $"{brotli.ReceivedBytes} vs {plain.ReceivedBytes}");
        Assert.True(deflate.ReceivedBytes < plain.ReceivedBytes / 3, $"{deflate.ReceivedBytes} vs {plain.ReceivedBytes}");
        Assert.True(brotli.SentBytes < plain.SentBytes, $"{brotli.SentBytes} vs {plain.SentBytes}");
    }

    [Fact]
    public void A_phone_asking_for_compression_still_syncs_with_a_version_1_server()
    {
        var plain = Sync(WireCompression.None);
        var old = Sync(WireCompression.Brotli, versionOneServer: true);

        output.WriteLine($"version-1 server: received {old.ReceivedBytes:N0} B (plain: {plain.ReceivedBytes:N0} B), failures {old.Failures}");
        Assert.Equal(plain.Documents, old.Documents);
        Assert.Equal(0, old.Failures);
        // Plain: as many bytes as without compression, give or take the retransmissions of a lossy 4G link.
        Assert.InRange(old.ReceivedBytes, plain.ReceivedBytes * 0.9, plain.ReceivedBytes * 1.5);
    }

    [Fact]
    public void A_cellular_housekeeping_phone_s_day_costs_a_fifth_fewer_bytes_or_more_with_compression()
    {
        var plain = Day(WireCompression.None);
        var brotli = Day(WireCompression.Brotli);

        output.WriteLine($"one day on 4G, 120-room property (an initial sync of {plain.Documents} documents, 204 changes streamed, 108 pushed): plain {plain.ReceivedBytes + plain.SentBytes:N0} B, Brotli {brotli.ReceivedBytes + brotli.SentBytes:N0} B ({1 - ((double)(brotli.ReceivedBytes + brotli.SentBytes) / (plain.ReceivedBytes + plain.SentBytes)):P0} less)");
        Assert.Equal(plain.Documents, brotli.Documents);
        // Far less than the initial sync's 91 %: a live change is one small frame, and heartbeats do not shrink.
        Assert.True(brotli.ReceivedBytes + brotli.SentBytes < (plain.ReceivedBytes + plain.SentBytes) * 0.8);
    }

    /// <summary>
    /// A day of the workload's default rates for a 120-room property (WorkloadSpec.PerRoomPerDay: 2.6
    /// actions per room, 312 in all), as a cellular housekeeping phone sees it: the other devices' 204
    /// changes streamed to it from the cloud, and its own 108 cleanings pushed up.
    /// </summary>
    private static SyncRun Day(WireCompression compression)
    {
        var world = new TestWorld();
        var carrier = world.Network.AddSegment("carrier", SegmentKind.Cellular, LinkProfiles.CarrierCore);
        var cloud = world.Host("cloud", world.Cloud, LinkProfiles.Datacenter);
        var phone = world.Host("phone", carrier, LinkProfiles.Cellular4G);
        var server = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(cloud.Clock, "cloud"));
        var spec = new WorkloadSpec();
        var dataset = new HotelDataset("property-1", spec, seed: 1, world.Simulation.Clock.GetUtcNow());
        foreach (var (collection, id, body) in dataset.Documents)
        {
            server.Write(collection, id, body);
        }

        var replicationServer = new ReplicationServer(server, cloud.Network, new ReplicationServerOptions { Port = ServerPort, QueuePushesForUpstream = false });
        cloud.Spawn("replication-server", async _ => await replicationServer.StartAsync());
        var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(phone.Clock, "phone"));
        var replicator = new Replicator(replica, phone.Network, new ReplicatorOptions { Upstream = "cloud", Host = cloud.Address!.ToString(), Port = ServerPort, Compression = compression }, phone.Clock, world.Simulation.Random("phone/replicator"));
        phone.Spawn("replicator", async _ => await replicator.StartAsync());
        var actions = (int)Math.Round(spec.Rooms * spec.PerRoomPerDay.Values.Sum());
        var housekeeping = (int)Math.Round(spec.Rooms * spec.PerRoomPerDay[HotelActivity.Housekeeping]);
        var every = TimeSpan.FromDays(1) / actions;
        for (var action = 0; action < actions; action++)
        {
            var room = dataset.Rooms[action % dataset.Rooms.Count];
            // The phone's cleanings are spread evenly among the day's actions.
            var writer = (action + 1) * housekeeping / actions != action * housekeeping / actions ? replica : server;
            var at = world.Simulation.Now + (every * (action + 1));
            world.Simulation.At(at, () => writer.Write("rooms", room.Id, room.Body(["balcony"], $"action {action}: cleaned, minibar restocked")));
        }

        world.Simulation.RunFor(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        var traffic = world.Network.Traffic;
        return new SyncRun(
            replicator.DocumentsPulled,
            traffic.Host(phone, TrafficKind.Stream, TrafficDirection.Received).PayloadBytes,
            traffic.Host(phone, TrafficKind.Stream, TrafficDirection.Sent).PayloadBytes,
            replicator.Failures);
    }

    private static SyncRun Sync(WireCompression compression, bool versionOneServer = false)
    {
        var world = new TestWorld();
        var carrier = world.Network.AddSegment("carrier", SegmentKind.Cellular, LinkProfiles.CarrierCore);
        var cloud = world.Host("cloud", world.Cloud, LinkProfiles.Datacenter);
        var phone = world.Host("phone", carrier, LinkProfiles.Cellular4G);
        var server = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(cloud.Clock, "cloud"));
        var dataset = new HotelDataset("property-1", new WorkloadSpec(), seed: 1, world.Simulation.Clock.GetUtcNow());
        foreach (var (collection, id, body) in dataset.Documents)
        {
            server.Write(collection, id, body);
        }

        var servedPort = versionOneServer ? ServerPort + 1 : ServerPort;
        var replicationServer = new ReplicationServer(server, cloud.Network, new ReplicationServerOptions { Port = servedPort, QueuePushesForUpstream = false });
        cloud.Spawn("replication-server", async _ => await replicationServer.StartAsync());
        if (versionOneServer)
        {
            cloud.Spawn("version-1", lifetime => VersionOneFront(cloud.Network, new IPEndPoint(cloud.Address!, servedPort), lifetime));
        }

        var replica = new Replica(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(phone.Clock, "phone"));
        var replicator = new Replicator(replica, phone.Network, new ReplicatorOptions { Upstream = "cloud", Host = cloud.Address!.ToString(), Port = ServerPort, Compression = compression }, phone.Clock, world.Simulation.Random("phone/replicator"));
        phone.Spawn("replicator", async _ => await replicator.StartAsync());
        world.Simulation.RunUntil(() => replicator.DocumentsPulled >= dataset.Documents.Count, world.Simulation.Now + TimeSpan.FromMinutes(10));

        // A shift's worth of room updates from the phone, pushed in the replicator's batches.
        foreach (var room in dataset.Rooms.Take(60))
        {
            replica.Write("rooms", room.Id, room.Body(["balcony", "sea view"], "cleaned, minibar restocked, towels replaced"));
        }

        world.Simulation.RunUntil(() => replica.Store.OutboxCount == 0, world.Simulation.Now + TimeSpan.FromMinutes(10));
        var traffic = world.Network.Traffic;
        return new SyncRun(
            replicator.DocumentsPulled,
            traffic.Host(phone, TrafficKind.Stream, TrafficDirection.Received).PayloadBytes,
            traffic.Host(phone, TrafficKind.Stream, TrafficDirection.Sent).PayloadBytes,
            replicator.Failures);
    }

    /// <summary>
    /// A version-1 server in front of the real one: it forwards every frame, and answers a hello as the
    /// version-1 decoder answered any unknown kind (a "malformed" error with request id 0).
    /// </summary>
    private static async Task VersionOneFront(INetwork network, IPEndPoint server, CancellationToken lifetime)
    {
        await using var listener = await network.ListenAsync(new IPEndPoint(IPAddress.Any, ServerPort), lifetime);
        while (!lifetime.IsCancellationRequested)
        {
            var client = await listener.AcceptAsync(lifetime);
            var upstream = await network.ConnectAsync(server, lifetime);
            _ = Forward(upstream, client, _ => true, lifetime);
            _ = Forward(client, upstream, frame =>
            {
                if (frame.Span[1] != (byte)MessageKind.HelloRequest)
                {
                    return true;
                }

                _ = client.SendAsync(ProtocolCodec.Encode(new ErrorResponse(0, "malformed", "unknown message kind 11")), lifetime);
                return false;
            }, lifetime);
        }
    }

    private static async Task Forward(IMessageConnection from, IMessageConnection to, Func<ReadOnlyMemory<byte>, bool> pass, CancellationToken lifetime)
    {
        while (await from.ReceiveAsync(lifetime) is { } frame)
        {
            if (pass(frame))
            {
                await to.SendAsync(frame.ToArray(), lifetime);
            }
        }
    }

    /// <summary>Bytes are TCP payload as the phone's link carried it, retransmissions included.</summary>
    private sealed record SyncRun(long Documents, long ReceivedBytes, long SentBytes, int Failures);
}
