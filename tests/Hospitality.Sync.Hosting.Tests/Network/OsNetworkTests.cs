using System.Net;
using System.Net.Sockets;
using System.Text;
using Hospitality.Sync.Hosting.Network;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Tests.Network;

/// <summary><see cref="OsNetwork"/> on loopback: UDP datagrams, and TCP connections that keep the message-connection contract the simulator keeps.</summary>
public sealed class OsNetworkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task A_datagram_arrives_with_its_sender_and_the_socket_reports_an_ethernet_payload_limit()
    {
        await using var a = await OsNetwork.Instance.BindDatagramAsync(AnyLoopbackPort);
        await using var b = await OsNetwork.Instance.BindDatagramAsync(AnyLoopbackPort);

        await a.SendAsync(Encoding.UTF8.GetBytes("ping"), b.LocalEndPoint);
        var datagram = await b.ReceiveAsync().AsTask().WaitAsync(Patience);

        Assert.Equal("ping", Encoding.UTF8.GetString(datagram.Payload.Span));
        Assert.Equal(a.LocalEndPoint, datagram.RemoteEndPoint);
        Assert.Equal(1472, a.MaxDatagramBytes);
    }

    [Fact]
    public async Task Messages_arrive_whole_and_in_order_and_a_graceful_close_reads_as_the_end()
    {
        await using var listener = await OsNetwork.Instance.ListenAsync(AnyLoopbackPort);
        var accepting = listener.AcceptAsync().AsTask();
        await using var client = await OsNetwork.Instance.ConnectAsync(listener.LocalEndPoint);
        await using var server = await accepting.WaitAsync(Patience);
        var large = new byte[1024 * 1024];
        new Random(5).NextBytes(large);

        await client.SendAsync(Encoding.UTF8.GetBytes("first"));
        await client.SendAsync(ReadOnlyMemory<byte>.Empty);
        await client.SendAsync(large);
        await client.CloseAsync();

        Assert.Equal("first", Encoding.UTF8.GetString((await server.ReceiveAsync().AsTask().WaitAsync(Patience))!.Value.Span));
        Assert.Equal(0, (await server.ReceiveAsync().AsTask().WaitAsync(Patience))!.Value.Length);
        Assert.Equal(large, (await server.ReceiveAsync().AsTask().WaitAsync(Patience))!.Value.ToArray());
        Assert.Null(await server.ReceiveAsync().AsTask().WaitAsync(Patience));
        await server.CloseAsync();
        Assert.True((await server.Closed.WaitAsync(Patience)).IsGraceful);
    }

    [Fact]
    public async Task Keepalive_arms_the_kernel_s_keepalive_timer_with_the_idle_time()
    {
        await using var listener = await OsNetwork.Instance.ListenAsync(AnyLoopbackPort);
        var accepting = listener.AcceptAsync().AsTask();
        await using var client = await OsNetwork.Instance.ConnectAsync(listener.LocalEndPoint);
        await using var server = await accepting.WaitAsync(Patience);

        client.EnableKeepAlive(new TcpKeepAlive(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(2), 3));

        // The kernel's own timer for the socket (what `ss -o` shows as "keepalive,1min39sec").
        // Linux's default idle is two hours, which would leave about 7,200 s.
        var left = KernelTcpTimer.KeepaliveLeft(client.LocalEndPoint);
        Assert.NotNull(left);
        Assert.InRange(left.Value, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(100));
    }

    [Fact]
    public async Task Connecting_to_a_port_nobody_listens_on_is_refused()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(AnyLoopbackPort);
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var failure = await Assert.ThrowsAsync<NetworkConnectionException>(() => OsNetwork.Instance.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).AsTask());

        Assert.Equal(ConnectionFailure.Refused, failure.Failure);
    }

    [Fact]
    public async Task A_frame_longer_than_the_limit_fails_the_connection_instead_of_allocating_it()
    {
        await using var listener = await OsNetwork.Instance.ListenAsync(AnyLoopbackPort);
        var accepting = listener.AcceptAsync().AsTask();
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(listener.LocalEndPoint);
        await using var server = await accepting.WaitAsync(Patience);

        await raw.SendAsync(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF });

        var failure = await Assert.ThrowsAsync<NetworkConnectionException>(() => server.ReceiveAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(ConnectionFailure.Reset, failure.Failure);
    }
}
