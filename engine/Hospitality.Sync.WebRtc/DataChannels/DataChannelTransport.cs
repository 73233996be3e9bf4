using Hospitality.Sync.WebRtc.Sctp;

namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>
/// The data channels of one peer connection, multiplexed on its SCTP association (RFC 8831,
/// RFC 8832): allocates stream ids by DTLS role, runs DCEP (OPEN, ACK), maps messages to PPIDs,
/// enforces the peer's max-message-size, and closes channels by stream reset in both directions.
/// </summary>
internal sealed class DataChannelTransport
{
    private readonly SctpAssociation _association;
    private readonly object _gate;
    private readonly Dictionary<ushort, DataChannel> _channels = [];
    private readonly List<DataChannel> _unnumbered = [];
    private readonly HashSet<ushort> _outgoingReset = [];
    private readonly HashSet<ushort> _incomingReset = [];
    private bool? _isDtlsClient;
    private long _peerMaxMessageBytes;
    private ushort _nextId;

    /// <param name="association">The association; this transport subscribes to its events.</param>
    /// <param name="isDtlsClient">True when our a=setup made us the DTLS client: we then take even stream ids.</param>
    /// <param name="peerMaxMessageBytes">The peer's a=max-message-size (or its default).</param>
    public DataChannelTransport(SctpAssociation association, bool isDtlsClient, long peerMaxMessageBytes)
        : this(association, new object())
    {
        AssignRole(isDtlsClient, peerMaxMessageBytes);
    }

    /// <summary>
    /// A transport whose DTLS role is not known yet (no answer yet): channels created now get their
    /// ids, and send their OPEN, in <see cref="AssignRole"/>. Calls from the application (send,
    /// close, create) lock <paramref name="gate"/>, the lock the owner holds while it feeds packets in.
    /// </summary>
    internal DataChannelTransport(SctpAssociation association, object gate)
    {
        this._association = association;
        this._gate = gate;
        association.MessageReceived += OnMessage;
        association.IncomingStreamsReset += OnIncomingReset;
        association.OutgoingStreamsReset += OnOutgoingReset;
        association.StateChanged += OnAssociationState;
        association.DataAcknowledged += OnDataAcknowledged;
    }

    /// <summary>The largest stream id: 65,535 is reserved (RFC 8832 section 6).</summary>
    public const ushort IdMax = 65534;

    public IReadOnlyCollection<DataChannel> Channels => _channels.Values;

    /// <summary>Sets the DTLS role and the peer's max-message-size once both descriptions are known, and numbers the channels created before.</summary>
    internal void AssignRole(bool isDtlsClient, long peerMaxMessageBytes)
    {
        lock (_gate)
        {
            this._isDtlsClient = isDtlsClient;
            this._peerMaxMessageBytes = peerMaxMessageBytes;
            _nextId = (ushort)(isDtlsClient ? 0 : 1);
            foreach (var channel in _unnumbered)
            {
                channel.Id = AllocateId();
                _channels.Add(channel.Id, channel);
                SendOpen(channel);
            }

            _unnumbered.Clear();
        }
    }

    /// <summary>A channel the peer opened.</summary>
    public event Action<DataChannel>? ChannelOpened;

    /// <summary>Opens a channel: sends DATA_CHANNEL_OPEN now (or once the association is up); the channel opens on the peer's ACK.</summary>
    public DataChannel CreateChannel(string label, DataChannelOptions? options = null)
    {
        options ??= new DataChannelOptions();
        lock (_gate)
        {
            if (_isDtlsClient is null)
            {
                var waiting = new DataChannel(this, DataChannel.UnassignedId, label, options.Protocol, options.Ordered, DataChannelState.Connecting);
                _unnumbered.Add(waiting);
                return waiting;
            }

            var id = AllocateId();
            var channel = new DataChannel(this, id, label, options.Protocol, options.Ordered, DataChannelState.Connecting);
            _channels.Add(id, channel);
            SendOpen(channel);
            return channel;
        }
    }

    internal long BufferedAmount(DataChannel channel)
    {
        lock (_gate)
        {
            return channel.Id == DataChannel.UnassignedId ? 0 : _association.BufferedBytesOn(channel.Id);
        }
    }

    internal void Send(DataChannel channel, bool isText, ReadOnlyMemory<byte> data)
    {
        lock (_gate)
        {
            SendLocked(channel, isText, data);
        }
    }

    private void SendOpen(DataChannel channel)
    {
        var open = new DataChannelOpen
        {
            ChannelType = channel.Ordered ? DataChannelType.Reliable : DataChannelType.ReliableUnordered,
            Label = channel.Label,
            Protocol = channel.Protocol,
        };

        // DCEP messages always travel ordered, so the OPEN precedes the channel's data (RFC 8832 section 6).
        _association.Send(channel.Id, PayloadProtocol.Dcep, open.Encode(), control: true);
    }

    private void SendLocked(DataChannel channel, bool isText, ReadOnlyMemory<byte> data)
    {
        if (channel.State != DataChannelState.Open)
        {
            throw new InvalidOperationException($"data channel {channel.Id} ('{channel.Label}') is {channel.State}, not Open");
        }

        if (data.Length > _peerMaxMessageBytes)
        {
            throw new ArgumentException($"a message of {data.Length} bytes exceeds the peer's max-message-size of {_peerMaxMessageBytes}");
        }

        // An empty message travels as one zero byte under its own PPID (RFC 8831 section 6.6).
        var (protocol, payload) = data.IsEmpty
            ? (isText ? PayloadProtocol.StringEmpty : PayloadProtocol.BinaryEmpty, new byte[] { 0 })
            : (isText ? PayloadProtocol.String : PayloadProtocol.Binary, data);
        _association.Send(channel.Id, protocol, payload, unordered: !channel.Ordered);
        channel.AboveLowThreshold |= _association.BufferedBytesOn(channel.Id) > channel.BufferedAmountLowThreshold;
    }

    /// <summary>Raises bufferedamountlow for each channel whose buffered amount fell to its threshold or below since it was last above it.</summary>
    private void OnDataAcknowledged()
    {
        // Every SACK that moves the cumulative ack lands here: copy only when a channel waits on its threshold.
        if (!_channels.Values.Any(c => c.AboveLowThreshold))
        {
            return;
        }

        foreach (var channel in _channels.Values.Where(c => c.AboveLowThreshold).ToList())
        {
            if (_association.BufferedBytesOn(channel.Id) <= channel.BufferedAmountLowThreshold)
            {
                channel.AboveLowThreshold = false;
                channel.RaiseBufferedAmountLow();
            }
        }
    }

    internal void Close(DataChannel channel)
    {
        lock (_gate)
        {
            if (channel.State is DataChannelState.Closing or DataChannelState.Closed)
            {
                return;
            }

            if (_unnumbered.Remove(channel))
            {
                channel.SetState(DataChannelState.Closed);
                return;
            }

            channel.SetState(DataChannelState.Closing);
            _association.ResetStreams([channel.Id]);
        }
    }

    private void OnMessage(SctpMessage message)
    {
        if (message.PayloadProtocol == PayloadProtocol.Dcep)
        {
            OnDcep(message);
            return;
        }

        if (!_channels.TryGetValue(message.StreamId, out var channel) || channel.State is DataChannelState.Closed)
        {
            return;
        }

        // Data before the ACK means the peer took our OPEN (RFC 8832 section 6: the ACK may be lost in the ordering).
        if (channel.State == DataChannelState.Connecting)
        {
            channel.SetState(DataChannelState.Open);
        }

        switch (message.PayloadProtocol)
        {
            case PayloadProtocol.String:
                channel.Deliver(new DataChannelMessage(IsText: true, message.Data));
                break;
            case PayloadProtocol.Binary:
                channel.Deliver(new DataChannelMessage(IsText: false, message.Data));
                break;
            case PayloadProtocol.StringEmpty:
                channel.Deliver(new DataChannelMessage(IsText: true, []));
                break;
            case PayloadProtocol.BinaryEmpty:
                channel.Deliver(new DataChannelMessage(IsText: false, []));
                break;
            default:
                break;
        }
    }

    private void OnDcep(SctpMessage message)
    {
        if (!DcepMessage.TryDecode(message.Data, out var dcep, out _))
        {
            return;
        }

        switch (dcep)
        {
            case DataChannelOpen open when !_channels.ContainsKey(message.StreamId) && IsPeerId(message.StreamId):
                var channel = new DataChannel(this, message.StreamId, open.Label, open.Protocol, open.Ordered, DataChannelState.Open);
                _channels.Add(message.StreamId, channel);
                _association.Send(message.StreamId, PayloadProtocol.Dcep, DataChannelAck.Instance.Encode(), control: true);
                ChannelOpened?.Invoke(channel);
                break;
            case DataChannelAck when _channels.TryGetValue(message.StreamId, out var opened) && opened.State == DataChannelState.Connecting:
                opened.SetState(DataChannelState.Open);
                break;
            default:
                break;
        }
    }

    /// <summary>The peer closed its side; we reset ours in turn, and the channel is closed when both are (RFC 8831 section 6.7).</summary>
    private void OnIncomingReset(IReadOnlyList<ushort> streams)
    {
        foreach (var id in streams)
        {
            _incomingReset.Add(id);
            if (_channels.TryGetValue(id, out var channel) && channel.State != DataChannelState.Closing)
            {
                channel.SetState(DataChannelState.Closing);
                _association.ResetStreams([id]);
            }

            FinishIfClosed(id);
        }
    }

    private void OnOutgoingReset(IReadOnlyList<ushort> streams)
    {
        foreach (var id in streams)
        {
            _outgoingReset.Add(id);
            FinishIfClosed(id);
        }
    }

    private void FinishIfClosed(ushort id)
    {
        if (!_outgoingReset.Contains(id) || !_incomingReset.Contains(id))
        {
            return;
        }

        _outgoingReset.Remove(id);
        _incomingReset.Remove(id);
        if (_channels.Remove(id, out var channel))
        {
            channel.SetState(DataChannelState.Closed);
        }
    }

    private void OnAssociationState(SctpAssociationState state)
    {
        if (state != SctpAssociationState.Closed)
        {
            return;
        }

        foreach (var channel in _channels.Values.Concat(_unnumbered).ToArray())
        {
            channel.SetState(DataChannelState.Closed);
        }

        _channels.Clear();
        _unnumbered.Clear();
    }

    private bool IsPeerId(ushort id) => _isDtlsClient is { } client && id <= IdMax && (id % 2 == 0) != client;

    /// <summary>The next free id of our parity, searching on from the last one and then from the start.</summary>
    private ushort AllocateId()
    {
        var first = _isDtlsClient == true ? 0 : 1;
        var last = Math.Min(IdMax, _association.OutboundStreams - 1);
        foreach (var (from, to) in new[] { ((int)_nextId, last), (first, (int)_nextId - 1) })
        {
            for (var id = from; id <= to; id += 2)
            {
                if (!_channels.ContainsKey((ushort)id))
                {
                    _nextId = (ushort)(id + 2 <= last ? id + 2 : first);
                    return (ushort)id;
                }
            }
        }

        throw new InvalidOperationException("every stream id of our parity is in use");
    }
}
