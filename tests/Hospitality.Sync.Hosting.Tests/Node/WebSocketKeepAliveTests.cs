using System.Net;
using System.Net.Sockets;
using Hospitality.Sync.Hosting.Tests.Replication;
using Hospitality.Sync.Hosting.WebSockets;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Hosting.Tests.Node;

/// <summary>
/// The engine's replication WebSocket to a real hotel-node keeps itself alive as the simulator models
/// it: no WebSocket keepalive frames from either end, and the kernel's TCP keepalive where the engine asks.
/// </summary>
[Collection(LoopbackNodesCollection.Name)]
public sealed class WebSocketKeepAliveTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("hotel-node-keepalive-").FullName;
    private HotelNodeProcess _node = null!;

    public async Task InitializeAsync() =>
        _node = await HotelNodeProcess.StartAsync("--role", "cloud", "--node-id", "cloud", "--port", $"{HotelNodeProcess.FreePort()}", "--data", _data, "--property", "hotel-a", "--Logging:LogLevel:Default", "Warning");

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task An_idle_replication_WebSocket_carries_nothing_for_longer_than_the_old_ten_second_pongs()
    {
        using var proxy = new CountingProxy(new IPEndPoint(IPAddress.Loopback, _node.Address.Port));
        await using var connection = await new WebSocketNetwork().ConnectAsync(proxy.EndPoint);
        var afterUpgrade = (proxy.Up, proxy.Down);
        Assert.InRange(afterUpgrade.Up, 150, 400); // the HTTP upgrade request crossed the proxy
        Assert.InRange(afterUpgrade.Down, 150, 400); // and its 101 answer

        await Task.Delay(TimeSpan.FromSeconds(12));

        Assert.Equal(afterUpgrade, (proxy.Up, proxy.Down));
    }

    [Fact]
    public async Task A_replication_WebSocket_takes_the_engines_TCP_keepalive_on_its_own_socket()
    {
        await using var connection = (WebSocketMessageConnection)await new WebSocketNetwork().ConnectAsync(new IPEndPoint(IPAddress.Loopback, _node.Address.Port));
        var socket = connection.Tcp!;
        Assert.Equal(0, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);

        connection.EnableKeepAlive(new TcpKeepAlive(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(1.5), 3));

        Assert.NotEqual(0, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(40, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(2, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(3, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        Assert.True(socket.NoDelay);
    }

    /// <summary>A loopback TCP proxy for one connection that counts the bytes it carries each way.</summary>
    private sealed class CountingProxy : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private long _up;
        private long _down;

        public CountingProxy(IPEndPoint target)
        {
            _listener.Start();
            _ = RunAsync(target);
        }

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

        public long Up => Interlocked.Read(ref _up);

        public long Down => Interlocked.Read(ref _down);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task RunAsync(IPEndPoint target)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            using var server = new TcpClient();
            await server.ConnectAsync(target, _stop.Token);
            await Task.WhenAny(
                PumpAsync(client.GetStream(), server.GetStream(), bytes => Interlocked.Add(ref _up, bytes)),
                PumpAsync(server.GetStream(), client.GetStream(), bytes => Interlocked.Add(ref _down, bytes)));
        }

        private async Task PumpAsync(NetworkStream from, NetworkStream to, Action<int> count)
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                count(read);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
    }
}
