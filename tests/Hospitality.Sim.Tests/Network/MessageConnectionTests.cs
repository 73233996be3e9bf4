using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Network;
using Hospitality.Sim.Network.Tcp;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Tests.Network;

public sealed class MessageConnectionTests
{
    private const int Port = 443;

    [Fact]
    public void Connect_completes_after_two_round_trips_the_tcp_handshake_and_the_websocket_upgrade()
    {
        var world = new TestWorld();
        var tablet = world.Host("tablet", world.BuildingA);
        var cloud = world.Host("cloud", world.Cloud, LinkProfiles.Datacenter);
        Serve(world, cloud, (_, _) => { });
        SimTime? connectedAt = null;
        world.Simulation.At(SimTime.FromSeconds(1), () => world.Simulation.Spawn("client", async () =>
        {
            await tablet.Network.ConnectAsync(TestWorld.At(cloud, Port));
            connectedAt = world.Simulation.Now;
        }));

        world.Run(3);

        // lan 0.1 + broadband 10 + cloud edge 5 + datacenter 0.05 ms each way, plus jitter, twice.
        var twoRoundTrips = connectedAt!.Value - SimTime.FromSeconds(1);
        Assert.InRange(twoRoundTrips.TotalMilliseconds, 50, 90);
    }

    [Fact]
    public void Connecting_to_a_port_nobody_listens_on_is_refused()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        NetworkConnectionException? error = null;
        world.Simulation.Spawn("client", async () =>
            error = await Assert.ThrowsAsync<NetworkConnectionException>(async () => await a.Network.ConnectAsync(TestWorld.At(b, Port))));

        world.Run(1);

        Assert.Equal(ConnectionFailure.Refused, error!.Failure);
    }

    [Fact]
    public void Connecting_across_a_partition_times_out_after_the_syn_retries()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingB);
        Serve(world, b, (_, _) => { });
        world.Network.Partition([a], [b]);
        NetworkConnectionException? error = null;
        SimTime failedAt = default;
        world.Simulation.Spawn("client", async () =>
        {
            error = await Assert.ThrowsAsync<NetworkConnectionException>(async () => await a.Network.ConnectAsync(TestWorld.At(b, Port)));
            failedAt = world.Simulation.Now;
        });

        world.Run(300);

        // Linux: SYN at 0, retries after 1, 3, 7, 15, 31, 63 s, gives up at 127 s.
        Assert.Equal(ConnectionFailure.TimedOut, error!.Failure);
        Assert.Equal(SimTime.FromSeconds(127), failedAt);
    }

    [Fact]
    public void Messages_arrive_in_order_exactly_once_over_a_lossy_reordering_path()
    {
        var world = new TestWorld(seed: 3);
        var messy = TestWorld.Clean("messy", 20_000_000) with { LossRate = 0.05, ReorderRate = 0.05, DuplicationRate = 0.01, Jitter = TimeSpan.FromMilliseconds(2) };
        var a = world.Host("a", world.BuildingA, messy);
        var b = world.Host("b", world.BuildingA, messy);
        var received = new List<int>();
        Serve(world, b, (message, _) => received.Add(BitConverter.ToInt32(message.Span)));
        Client(world, a, b, async connection =>
        {
            for (var i = 0; i < 500; i++)
            {
                var message = new byte[4 + (i * 37 % 5000)];
                BitConverter.TryWriteBytes(message, i);
                await connection.SendAsync(message);
            }
        });

        world.Run(120);

        Assert.Equal(Enumerable.Range(0, 500), received);
        Assert.True(world.Network.Traffic.Dropped(DropReason.Loss) > 50, "the path really lost packets");
    }

    [Fact]
    public void One_megabyte_over_one_megabit_takes_at_least_eight_seconds()
    {
        var world = new TestWorld();
        var slow = TestWorld.Clean("1mbit", 1_000_000);
        var a = world.Host("a", world.BuildingA, slow);
        var b = world.Host("b", world.BuildingA);
        SimTime? arrived = null;
        SimTime started = default;
        Serve(world, b, (_, _) => arrived = world.Simulation.Now);
        Client(world, a, b, async connection =>
        {
            started = world.Simulation.Now;
            await connection.SendAsync(new byte[1_000_000]);
        });

        world.Run(60);

        var elapsed = arrived!.Value - started;
        Assert.True(elapsed >= TimeSpan.FromSeconds(8), $"took {elapsed}");

        // Headers of ~700 segments and Ethernet framing add ~6 %; slow start costs a few round trips.
        Assert.True(elapsed < TimeSpan.FromSeconds(9.5), $"took {elapsed}");
    }

    [Fact]
    public void A_partition_stalls_the_sender_then_fails_the_connection_after_the_user_timeout()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingB);
        Serve(world, b, (_, _) => { });
        var connection = Connect(world, a, b);
        world.Run(1); // let the handshake's last ACK land before the cut
        world.Network.Partition([a], [b]);
        var sentAt = world.Simulation.Now;
        world.Simulation.Spawn("send", async () => await connection.SendAsync(new byte[500]));

        world.Run(29.9);
        Assert.False(connection.Closed.IsCompleted);
        world.Simulation.RunUntil(() => connection.Closed.IsCompleted, world.Simulation.Now + TimeSpan.FromSeconds(5));

        Assert.Equal(ConnectionFailure.TimedOut, connection.Closed.Result.Failure);
        Assert.Equal(sentAt + TimeSpan.FromSeconds(30), world.Simulation.Now);

        // The first send, then retransmissions backed off exponentially: 0.2, 0.6, 1.4, 3, 6.2, 12.6, 25.4 s.
        Assert.Equal(8, world.Network.Traffic.Dropped(DropReason.Partition));
    }

    [Fact]
    public void A_short_partition_delays_messages_but_loses_none()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingB);
        var arrivals = new List<SimTime>();
        Serve(world, b, (_, _) => arrivals.Add(world.Simulation.Now));
        world.Network.SchedulePartition(SimTime.FromSeconds(2), SimTime.FromSeconds(7), [a], [b]);
        Client(world, a, b, async connection =>
        {
            for (var i = 0; i < 10; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), world.Simulation.Clock);
                await connection.SendAsync(new byte[100]);
            }
        });

        world.Run(30);

        Assert.Equal(10, arrivals.Count);
        Assert.DoesNotContain(arrivals, time => time > SimTime.FromSeconds(2.1) && time < SimTime.FromSeconds(7));
        Assert.Equal(arrivals.Order(), arrivals);
    }

    [Fact]
    public void A_graceful_close_delivers_everything_then_end_of_stream()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA, LinkProfiles.Wifi);
        var b = world.Host("b", world.BuildingB);
        var received = 0;
        var endOfStream = false;
        Task<ConnectionClosure>? serverClosed = null;
        world.Simulation.Spawn("server", async () =>
        {
            var listener = await b.Network.ListenAsync(new IPEndPoint(IPAddress.Any, Port));
            var connection = await listener.AcceptAsync();
            serverClosed = connection.Closed;
            while (await connection.ReceiveAsync() is not null)
            {
                received++;
            }

            endOfStream = true;
            await connection.CloseAsync();
        });
        Task<ConnectionClosure>? clientClosed = null;
        Client(world, a, b, async connection =>
        {
            clientClosed = connection.Closed;
            for (var i = 0; i < 50; i++)
            {
                await connection.SendAsync(new byte[3000]);
            }

            await connection.CloseAsync();
        });

        world.Run(10);

        Assert.Equal(50, received);
        Assert.True(endOfStream);
        Assert.True(clientClosed!.Result.IsGraceful);
        Assert.True(serverClosed!.Result.IsGraceful);
    }

    [Fact]
    public void A_message_larger_than_the_limit_is_refused_before_it_is_sent()
    {
        var world = new TestWorld(tcp: new TcpOptions { MaxMessageBytes = 1024 });
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        Serve(world, b, (_, _) => { });
        Exception? error = null;
        Client(world, a, b, async connection =>
        {
            error = await Record.ExceptionAsync(async () => await connection.SendAsync(new byte[1025]));
            await connection.SendAsync(new byte[1024]);
        });

        world.Run(1);

        Assert.IsType<ArgumentException>(error);
        Assert.Contains("1024", error.Message);
    }

    [Fact]
    public void A_crashed_server_that_restarts_resets_the_old_connection()
    {
        var world = new TestWorld();
        var tablet = world.Host("tablet", world.BuildingA);
        var server = world.Host("greengrass", world.BuildingA);
        Serve(world, server, (_, _) => { });
        var connection = Connect(world, tablet, server);

        world.Network.Crash(server);
        world.Run(5);
        world.Network.Restart(server);
        world.Simulation.Spawn("send", async () => await connection.SendAsync(new byte[10]));
        world.Run(1);

        Assert.Equal(ConnectionFailure.Reset, connection.Closed.Result.Failure);
    }

    [Fact]
    public void Moving_to_cellular_breaks_connections_and_tells_the_device()
    {
        var world = new TestWorld();
        var carrier = world.Network.AddSegment("carrier", SegmentKind.Cellular, LinkProfiles.CarrierCore);
        var phone = world.Host("phone", world.BuildingA, LinkProfiles.Wifi);
        var cloud = world.Host("cloud", world.Cloud, LinkProfiles.Datacenter);
        Serve(world, cloud, (_, _) => { });
        var attachments = new List<NetworkAttachment>();
        phone.Interfaces.Changed += attachments.Add;
        var connection = Connect(world, phone, cloud);
        var wifiAddress = phone.Address;

        world.Network.Move(phone, carrier, LinkProfiles.Cellular4G);

        Assert.Equal(ConnectionFailure.NetworkChanged, connection.Closed.Result.Failure);
        Assert.Equal([NetworkKind.None, NetworkKind.Cellular], attachments.Select(attachment => attachment.Kind));
        Assert.Equal("carrier", phone.Interfaces.Current.NetworkName);
        Assert.NotEqual(wifiAddress, phone.Address);
    }

    [Fact]
    public void A_traffic_count_handed_out_is_the_count_at_that_moment_while_the_counters_go_on()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        Serve(world, b, (_, _) => { });
        Client(world, a, b, async connection =>
        {
            await connection.SendAsync(new byte[1000]);
            await Task.Delay(TimeSpan.FromSeconds(2), world.Simulation.Clock);
            await connection.SendAsync(new byte[500]);
        });

        world.Run(1);
        var before = world.Network.Traffic.Peer(a, b, TrafficKind.Stream, TrafficDirection.Sent);
        var packetsBefore = before.Packets;
        var hostBefore = world.Network.Traffic.Host(a, TrafficKind.Stream, TrafficDirection.Sent);
        world.Run(3);
        var after = world.Network.Traffic.Peer(a, b, TrafficKind.Stream, TrafficDirection.Sent);

        Assert.Equal(packetsBefore, before.Packets);
        Assert.Equal(before, hostBefore);
        Assert.Equal(before.Packets + 1, after.Packets);
        Assert.InRange(after.PayloadBytes - before.PayloadBytes, 500, 520);
        Assert.Equal(after.WireBytes, world.Network.Traffic.PeerWireBytes(a, b) - world.Network.Traffic.Peer(a, b, TrafficKind.Stream, TrafficDirection.Received).WireBytes);
    }

    [Fact]
    public void Stream_counters_include_handshake_acks_and_headers()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        Serve(world, b, (_, _) => { });
        Client(world, a, b, async connection =>
        {
            await connection.SendAsync(new byte[1000]);
        });

        world.Run(1);

        var sent = world.Network.Traffic.Peer(a, b, TrafficKind.Stream, TrafficDirection.Sent);

        // SYN (60), ACK (52), the upgrade request, the ACK of the 101 answer, one data segment: 8-byte frame header (a client's, masked) + 1000 + 52.
        var request = new WebSocketHandshake(client: true).Request(TestWorld.At(b, Port), 0).Length;
        Assert.InRange(request, 160, 180);
        Assert.Equal(5, sent.Packets);
        Assert.Equal(60 + 52 + request + 52 + 52 + 1008 + 52, sent.WireBytes);
        Assert.Equal(request + 1008, sent.PayloadBytes);
    }

    [Fact]
    public void A_long_partition_with_a_full_window_in_flight_recovers_after_healing()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingB);
        var received = 0;
        Serve(world, b, (_, _) => received++);
        IMessageConnection? connection = null;
        world.Simulation.Spawn("client", async () =>
        {
            connection = await a.Network.ConnectAsync(TestWorld.At(b, Port));
            for (var i = 0; i < 3000; i++)
            {
                await connection.SendAsync(new byte[1400]);
            }
        });

        // Cut the path while hundreds of segments are in flight, for most of the user timeout:
        // after healing they must all be resent quickly (slow start), not one per round trip.
        world.Network.SchedulePartition(SimTime.FromSeconds(0.5), SimTime.FromSeconds(25), [a], [b]);
        world.Run(90);

        Assert.Equal(3000, received);
        Assert.False(connection!.Closed.IsCompleted);
    }

    [Fact]
    public void A_send_cancelled_while_waiting_for_buffer_space_is_never_delivered()
    {
        var world = new TestWorld(tcp: new TcpOptions { SendBufferBytes = 10_000 });
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingB);
        var received = new List<byte>();
        Serve(world, b, (message, _) => received.Add(message.Span[0]));
        Partition? cut = null;
        Exception? cancelled = null;
        Client(world, a, b, async connection =>
        {
            cut = world.Network.Partition([a], [b]);
            await connection.SendAsync(Filled(1, 6_000));
            await connection.SendAsync(Filled(2, 3_000));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), world.Simulation.Clock);
            cancelled = await Record.ExceptionAsync(async () => await connection.SendAsync(Filled(3, 3_000), timeout.Token));
        });

        world.Run(3);
        cut!.Heal();
        world.Run(20);

        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal([1, 2], received);
    }

    [Fact]
    public void A_cancelled_receive_leaves_the_next_message_to_the_next_receive()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        Serve(world, b, (message, connection) => _ = connection.SendAsync(message));
        Exception? cancelled = null;
        byte[]? echoed = null;
        Client(world, a, b, async connection =>
        {
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), world.Simulation.Clock))
            {
                cancelled = await Record.ExceptionAsync(async () => await connection.ReceiveAsync(timeout.Token));
            }

            await connection.SendAsync(Filled(9, 3_000));
            echoed = (await connection.ReceiveAsync())?.ToArray();
        });

        world.Run(3);

        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal(Filled(9, 3_000), echoed);
    }

    [Fact]
    public void Sending_after_close_is_a_connection_error()
    {
        var world = new TestWorld();
        var a = world.Host("a", world.BuildingA);
        var b = world.Host("b", world.BuildingA);
        Serve(world, b, (_, _) => { });
        Exception? error = null;
        Client(world, a, b, async connection =>
        {
            await connection.CloseAsync();
            error = await Record.ExceptionAsync(async () => await connection.SendAsync(new byte[1]));
        });

        world.Run(1);

        Assert.IsType<NetworkConnectionException>(error);
    }

    [Fact]
    public void Keepalive_notices_a_peer_that_vanished_within_idle_plus_its_probes()
    {
        var keepAlive = new TcpKeepAlive(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 3);
        var (world, connection, client, server) = IdleConnection(keepAlive);
        var vanishedAt = SimTime.FromSeconds(35);
        world.Simulation.At(vanishedAt, () => world.Network.Partition([client], [server]));
        SimTime? failedAt = null;
        connection.Closed.ContinueWith(_ => failedAt = world.Simulation.Now, world.Simulation.Scheduler);

        world.Run(100);

        Assert.Equal(ConnectionFailure.TimedOut, connection.Closed.Result.Failure);
        var noticedAfter = failedAt!.Value - vanishedAt;
        Assert.InRange(noticedAfter, keepAlive.Interval * keepAlive.Probes, keepAlive.DetectionTime);
    }

    [Fact]
    public void Without_keepalive_a_peer_that_vanished_goes_unnoticed_by_an_idle_connection()
    {
        var (world, connection, client, server) = IdleConnection(keepAlive: null);
        world.Simulation.At(SimTime.FromSeconds(35), () => world.Network.Partition([client], [server]));

        world.Run(3600);

        Assert.False(connection.Closed.IsCompleted);
    }

    [Fact]
    public void Keepalive_probes_of_a_live_peer_are_answered_and_keep_an_idle_connection_open()
    {
        var (world, connection, _, server) = IdleConnection(new TcpKeepAlive(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), 1));
        var before = world.Network.Traffic.HostWireBytes(server);

        world.Run(3600);

        // One unanswered probe would fail it; an hour idle means about 360 probes, each answered.
        Assert.False(connection.Closed.IsCompleted);
        Assert.InRange(world.Network.Traffic.HostWireBytes(server) - before, 300 * 40, 400 * 200);
    }

    /// <summary>Two hosts on one LAN and an established connection between them that carries nothing.</summary>
    private static (TestWorld World, IMessageConnection Connection, SimHost Client, SimHost Server) IdleConnection(TcpKeepAlive? keepAlive)
    {
        var world = new TestWorld();
        var client = world.Host("tablet", world.BuildingA);
        var server = world.Host("greengrass", world.BuildingA);
        Serve(world, server, (_, _) => { });
        var connection = Connect(world, client, server);
        if (keepAlive is not null)
        {
            connection.EnableKeepAlive(keepAlive);
        }

        return (world, connection, client, server);
    }

    private static byte[] Filled(byte value, int length) => Enumerable.Repeat(value, length).ToArray();

    /// <summary>Opens a connection and runs the world until it is established.</summary>
    private static IMessageConnection Connect(TestWorld world, SimHost client, SimHost server)
    {
        IMessageConnection? connection = null;
        world.Simulation.Spawn("client", async () => connection = await client.Network.ConnectAsync(TestWorld.At(server, Port)));
        world.Simulation.RunUntil(() => connection is not null, world.Simulation.Now + TimeSpan.FromSeconds(5));
        return connection ?? throw new InvalidOperationException("the connection was not established within 5 s");
    }

    // The client side of most tests: a connects to b's server, then runs the script on that connection.
    private static void Client(TestWorld world, SimHost from, SimHost to, Func<IMessageConnection, Task> script) =>
        world.Simulation.Spawn("client", async () => await script(await from.Network.ConnectAsync(TestWorld.At(to, Port))));

    private static void Serve(TestWorld world, SimHost host, Action<ReadOnlyMemory<byte>, IMessageConnection> onMessage) =>
        host.Spawn("server", async lifetime =>
        {
            var listener = await host.Network.ListenAsync(new IPEndPoint(IPAddress.Any, Port), lifetime);
            while (true)
            {
                var connection = await listener.AcceptAsync(lifetime);
                _ = host.Spawn("connection", async _ =>
                {
                    try
                    {
                        while (await connection.ReceiveAsync(lifetime) is { } message)
                        {
                            onMessage(message, connection);
                        }
                    }
                    catch (NetworkConnectionException)
                    {
                    }
                });
            }
        });
}
