using System.Net;
using System.Text;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Tests.Ports;

/// <summary>
/// What every <see cref="INetwork"/> must do, whoever implements it: the simulator's virtual
/// network today, OS sockets in production. An implementation passes by deriving from this class.
/// </summary>
public abstract class NetworkContractTests
{
    private const int Port = 7443;

    /// <summary>Two machines that can reach each other.</summary>
    protected abstract (INetwork Client, IPAddress ClientAddress, INetwork Server, IPAddress ServerAddress) TwoHosts();

    /// <summary>Runs a scenario to completion (in virtual or real time) and returns its result.</summary>
    protected abstract T Run<T>(Func<Task<T>> scenario);

    [Fact]
    public void A_datagram_arrives_with_its_payload_and_the_senders_endpoint()
    {
        var (client, _, server, serverAddress) = TwoHosts();

        var (payload, from, senderPort) = Run(async () =>
        {
            await using var receiver = await server.BindDatagramAsync(new IPEndPoint(IPAddress.Any, Port));
            await using var sender = await client.BindDatagramAsync(new IPEndPoint(IPAddress.Any, 0));
            await sender.SendAsync(Encoding.UTF8.GetBytes("room 101 clean"), new IPEndPoint(serverAddress, Port));
            var datagram = await receiver.ReceiveAsync();
            return (Encoding.UTF8.GetString(datagram.Payload.Span), datagram.RemoteEndPoint, sender.LocalEndPoint.Port);
        });

        Assert.Equal("room 101 clean", payload);
        Assert.Equal(senderPort, from.Port);
    }

    [Fact]
    public void Messages_arrive_whole_in_order_then_end_of_stream()
    {
        var (client, _, server, serverAddress) = TwoHosts();

        var received = Run(async () =>
        {
            await using var listener = await server.ListenAsync(new IPEndPoint(IPAddress.Any, Port));
            var accepting = listener.AcceptAsync().AsTask();
            await using var connection = await client.ConnectAsync(new IPEndPoint(serverAddress, Port));
            await using var accepted = await accepting;
            foreach (var size in new[] { 0, 1, 1500, 70_000 })
            {
                await connection.SendAsync(Enumerable.Repeat((byte)(size % 251), size).ToArray());
            }

            await connection.CloseAsync();
            var sizes = new List<int>();
            while (await accepted.ReceiveAsync() is { } message)
            {
                Assert.All(message.ToArray(), value => Assert.Equal((byte)(message.Length % 251), value));
                sizes.Add(message.Length);
            }

            return sizes;
        });

        Assert.Equal([0, 1, 1500, 70_000], received);
    }

    [Fact]
    public void Connecting_to_a_closed_port_is_refused()
    {
        var (client, _, _, serverAddress) = TwoHosts();

        var failure = Run(async () =>
        {
            var error = await Assert.ThrowsAsync<NetworkConnectionException>(async () => await client.ConnectAsync(new IPEndPoint(serverAddress, Port + 1)));
            return error.Failure;
        });

        Assert.Equal(ConnectionFailure.Refused, failure);
    }

    [Fact]
    public void A_message_over_the_limit_is_refused_and_the_connection_stays_usable()
    {
        var (client, _, server, serverAddress) = TwoHosts();

        var (error, after) = Run(async () =>
        {
            await using var listener = await server.ListenAsync(new IPEndPoint(IPAddress.Any, Port));
            var accepting = listener.AcceptAsync().AsTask();
            await using var connection = await client.ConnectAsync(new IPEndPoint(serverAddress, Port));
            await using var accepted = await accepting;
            var tooLarge = await Record.ExceptionAsync(async () => await connection.SendAsync(new byte[connection.MaxMessageBytes + 1]));
            await connection.SendAsync(new byte[] { 42 });
            var next = await accepted.ReceiveAsync();
            return (tooLarge, next!.Value.Span[0]);
        });

        Assert.IsType<ArgumentException>(error);
        Assert.Equal(42, after);
    }

    [Fact]
    public void A_cancelled_receive_throws_and_the_socket_still_works()
    {
        var (client, _, server, serverAddress) = TwoHosts();

        var (cancelled, payload) = Run(async () =>
        {
            await using var receiver = await server.BindDatagramAsync(new IPEndPoint(IPAddress.Any, Port));
            using var cancellation = new CancellationTokenSource();
            var waiting = receiver.ReceiveAsync(cancellation.Token).AsTask();
            cancellation.Cancel();
            var error = await Record.ExceptionAsync(() => waiting);
            await using var sender = await client.BindDatagramAsync(new IPEndPoint(IPAddress.Any, 0));
            await sender.SendAsync(new byte[] { 7 }, new IPEndPoint(serverAddress, Port));
            var datagram = await receiver.ReceiveAsync();
            return (error, datagram.Payload.Span[0]);
        });

        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal(7, payload);
    }

    [Fact]
    public void Closing_a_listener_ends_a_pending_accept()
    {
        var (_, _, server, _) = TwoHosts();

        var error = Run(async () =>
        {
            var listener = await server.ListenAsync(new IPEndPoint(IPAddress.Any, Port));
            var accepting = listener.AcceptAsync().AsTask();
            await listener.DisposeAsync();
            return await Record.ExceptionAsync(() => accepting);
        });

        Assert.IsType<ObjectDisposedException>(error);
    }

    [Fact]
    public void A_name_that_does_not_resolve_is_a_clear_error()
    {
        var (client, _, _, _) = TwoHosts();

        var failure = Run(async () =>
        {
            var error = await Assert.ThrowsAsync<NetworkConnectionException>(async () => await client.ResolveAsync("no-such-host.invalid"));
            return error.Failure;
        });

        Assert.Equal(ConnectionFailure.Unreachable, failure);
    }
}
