using System.Text;

namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>
/// One data channel (RFC 8831) on an SCTP stream: opened in band with DCEP, carries text and
/// binary messages, closes by resetting its stream in both directions. Created by
/// <see cref="DataChannelTransport"/>, which owns the association.
/// </summary>
public sealed class DataChannel
{
    private readonly DataChannelTransport _transport;

    internal DataChannel(DataChannelTransport transport, ushort id, string label, string protocol, bool ordered, DataChannelState state)
    {
        this._transport = transport;
        Id = id;
        Label = label;
        Protocol = protocol;
        Ordered = ordered;
        State = state;
    }

    /// <summary>
    /// The SCTP stream: even when we are the DTLS client, odd when the server (RFC 8832 section 6).
    /// A channel created before the DTLS role is known holds <see cref="UnassignedId"/> (reserved by RFC 8832) until then.
    /// </summary>
    public ushort Id { get; internal set; }

    /// <summary>65,535, which no channel may use (RFC 8832 section 6), marks an id not yet assigned.</summary>
    public const ushort UnassignedId = 65535;

    public string Label { get; }

    public string Protocol { get; }

    public bool Ordered { get; }

    public DataChannelState State { get; private set; }

    /// <summary>Bytes handed to <see cref="Send(string)"/> and not yet acknowledged by the peer.</summary>
    public long BufferedAmount => _transport.BufferedAmount(this);

    /// <summary>
    /// The level at which <see cref="BufferedAmountLow"/> fires as the peer acknowledges data: a
    /// sender that stops writing above it and resumes on the event never floods the association.
    /// </summary>
    public long BufferedAmountLowThreshold { get; set; }

    /// <summary>The buffered amount fell from above <see cref="BufferedAmountLowThreshold"/> to at or below it.</summary>
    public event Action<DataChannel>? BufferedAmountLow;

    public event Action<DataChannel>? Opened;

    public event Action<DataChannelMessage>? MessageReceived;

    public event Action<DataChannel>? Closed;

    /// <exception cref="InvalidOperationException">The channel is not open.</exception>
    /// <exception cref="ArgumentException">The message is larger than the peer's max-message-size.</exception>
    public void Send(string text) => _transport.Send(this, isText: true, Encoding.UTF8.GetBytes(text));

    /// <inheritdoc cref="Send(string)"/>
    public void Send(ReadOnlyMemory<byte> data) => _transport.Send(this, isText: false, data);

    /// <summary>Starts closing: our outgoing stream is reset once queued messages are numbered; Closed follows when the peer resets its side.</summary>
    public void Close() => _transport.Close(this);

    internal void SetState(DataChannelState state)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        if (state == DataChannelState.Open)
        {
            Opened?.Invoke(this);
        }
        else if (state == DataChannelState.Closed)
        {
            Closed?.Invoke(this);
        }
    }

    /// <summary>Set by the transport when a send leaves more than the threshold buffered.</summary>
    internal bool AboveLowThreshold { get; set; }

    internal void RaiseBufferedAmountLow() => BufferedAmountLow?.Invoke(this);

    internal void Deliver(DataChannelMessage message) => MessageReceived?.Invoke(message);
}
