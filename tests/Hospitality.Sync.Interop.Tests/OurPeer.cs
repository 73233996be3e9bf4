using System.Net;
using System.Threading.Channels;
using Hospitality.Sync.Hosting.WebRtc;
using Hospitality.Sync.WebRtc;
using Hospitality.Sync.WebRtc.DataChannels;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>
/// Our <see cref="RtcPeerConnection"/> on real loopback UDP with BouncyCastle's DTLS, the
/// production bindings, with its channel's events queued for a test to await.
/// </summary>
public sealed class OurPeer : IAsyncDisposable
{
    public const long MaxMessageSize = 4 * 1024 * 1024;

    private readonly TaskCompletionSource<DataChannel> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<DataChannelMessage> _messages = Channel.CreateUnbounded<DataChannelMessage>();

    public OurPeer()
    {
        var configuration = new RtcConfiguration { HostAddresses = [IPAddress.Loopback], MaxMessageSize = MaxMessageSize };
        Connection = new RtcPeerConnection(configuration, OsRtcPorts.Default);
        Connection.DataChannel += Watch;
    }

    public RtcPeerConnection Connection { get; }

    public Task<DataChannel> ChannelOpen => _opened.Task;

    public Task ChannelClosed => _closed.Task;

    public DataChannel CreateChannel(string label)
    {
        var channel = Connection.CreateDataChannel(label);
        Watch(channel);
        return channel;
    }

    public async Task<DataChannelMessage> NextMessageAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(60));
        try
        {
            return await _messages.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message within {(wait ?? TimeSpan.FromSeconds(60)).TotalSeconds} s; connection {Connection.ConnectionState}");
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private void Watch(DataChannel channel)
    {
        channel.Opened += c => _opened.TrySetResult(c);
        channel.Closed += _ => _closed.TrySetResult();
        channel.MessageReceived += m => _messages.Writer.TryWrite(m);
        if (channel.State == DataChannelState.Open)
        {
            _opened.TrySetResult(channel);
        }
    }
}
