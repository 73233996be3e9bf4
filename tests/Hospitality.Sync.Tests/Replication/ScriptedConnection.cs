using System.Net;
using System.Threading.Channels;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// One end of a message connection whose other end is the test: it keeps every frame sent, and the
/// test hands it frames to receive, or lets <see cref="Answer"/> reply to each request as it is sent.
/// </summary>
internal sealed class ScriptedConnection : IMessageConnection
{
    private readonly Channel<ReadOnlyMemory<byte>?> _incoming = Channel.CreateUnbounded<ReadOnlyMemory<byte>?>();

    /// <summary>Replies to a sent message (null: none).</summary>
    public Func<ProtocolMessage, ProtocolMessage?>? Answer { get; set; }

    public List<byte[]> Sent { get; } = [];

    public IEnumerable<ProtocolMessage> SentMessages => Sent.Select(frame => ProtocolCodec.Decode(frame).Message!);

    public bool Aborted { get; private set; }

    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 50_000);

    public IPEndPoint RemoteEndPoint { get; } = new(IPAddress.Loopback, 8443);

    public int MaxMessageBytes => 1 << 20;

    public Task<ConnectionClosure> Closed => Task.FromResult(ConnectionClosure.Graceful);

    public void Deliver(ProtocolMessage message) => Deliver(ProtocolCodec.Encode(message));

    public void Deliver(byte[] frame) => _incoming.Writer.TryWrite(frame);

    /// <summary>The other end closes gracefully: the next receive reads the end of the stream.</summary>
    public void EndFromPeer() => _incoming.Writer.TryWrite(null);

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        Sent.Add(message.ToArray());
        if (Answer is not null && ProtocolCodec.Decode(message).Message is { } sent && Answer(sent) is { } reply)
        {
            Deliver(reply);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default) =>
        await _incoming.Reader.ReadAsync(cancellationToken);

    public ValueTask CloseAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public void Abort() => Aborted = true;

    public void EnableKeepAlive(TcpKeepAlive keepAlive)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
