using System.Net;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Signaling;

namespace Hospitality.Sync.Tests.Signaling;

/// <summary>
/// What a server sends right behind the peer list (an offer from a peer that saw this device join) may be
/// read before the caller of <c>ConnectAsync</c> runs again: on OS sockets the frames are often there
/// already. Three hotel-node processes on loopback lost such offers, and the link waited 10 s for its time-out.
/// </summary>
public sealed class SignalingClientFirstMessagesTests
{
    private static readonly IPEndPoint Server = new(IPAddress.Loopback, 8080);

    [Fact]
    public async Task Handlers_attached_before_reading_see_an_offer_that_arrived_with_the_peer_list()
    {
        var network = new ScriptedNetwork(
            new PeerListMessage("hotel-1", ["tablet-b"]),
            new OfferMessage("tablet-b", "tablet-a", "v=0 from b", "s1"),
            new PeerJoinedMessage("tablet-c"));
        var seen = new List<string>();

        await using var client = await SignalingClient.ConnectAsync(network, Server, "hotel-1", "tablet-a", null, new SignalingTraffic(), CancellationToken.None, joined =>
        {
            joined.Signal += message => seen.Add(message is OfferMessage offer ? $"offer from {offer.From}" : message.GetType().Name);
            joined.PeerJoined += peer => seen.Add($"joined {peer}");
        });

        Assert.Equal(["offer from tablet-b", "joined tablet-c"], seen);
        Assert.Equal(["tablet-b", "tablet-c"], client.Peers);
    }

    [Fact]
    public async Task Without_the_hook_a_handler_attached_after_connecting_misses_what_was_already_there()
    {
        var network = new ScriptedNetwork(new PeerListMessage("hotel-1", []), new OfferMessage("tablet-b", "tablet-a", "v=0 from b"));
        var offers = 0;

        await using var client = await SignalingClient.ConnectAsync(network, Server, "hotel-1", "tablet-a");
        client.Signal += _ => offers++;

        Assert.Equal(0, offers);
    }

    /// <summary>A network whose one connection has every scripted frame ready at once (as a socket with them buffered), then waits.</summary>
    private sealed class ScriptedNetwork(params SignalMessage[] frames) : INetwork
    {
        public ValueTask<IMessageConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IMessageConnection>(new ScriptedConnection(remote, frames));

        public ValueTask<IDatagramSocket> BindDatagramAsync(IPEndPoint local, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IMessageListener> ListenAsync(IPEndPoint local, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<IPAddress[]> ResolveAsync(string hostName, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class ScriptedConnection(IPEndPoint remote, SignalMessage[] frames) : IMessageConnection
    {
        private readonly Queue<byte[]> _frames = new(frames.Select(SignalCodec.Encode));
        private readonly TaskCompletionSource<ConnectionClosure> _closed = new();

        public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 50000);

        public IPEndPoint RemoteEndPoint { get; } = remote;

        public int MaxMessageBytes => 64 * 1024;

        public Task<ConnectionClosure> Closed => _closed.Task;

        public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default)
        {
            if (_frames.TryDequeue(out var frame))
            {
                return frame;
            }

            await _closed.Task.WaitAsync(cancellationToken);
            return null;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken = default)
        {
            _closed.TrySetResult(ConnectionClosure.Graceful);
            return ValueTask.CompletedTask;
        }

        public void Abort() => _closed.TrySetResult(new ConnectionClosure(ConnectionFailure.Aborted));

        public void EnableKeepAlive(TcpKeepAlive keepAlive)
        {
        }

        public ValueTask DisposeAsync()
        {
            Abort();
            return ValueTask.CompletedTask;
        }
    }
}
