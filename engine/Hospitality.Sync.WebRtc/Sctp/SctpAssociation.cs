using Hospitality.Sync.Ports;

namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>
/// One SCTP association over DTLS (RFC 8261, RFC 9260), as a state machine without I/O: the owner
/// passes in each received packet (<see cref="HandlePacket"/>), calls <see cref="HandleTimers"/>
/// once <see cref="NextTimerTimestamp"/> has passed on the injected <see cref="TimeProvider"/>,
/// and sends what <c>transmit</c> is handed. Nothing here starts a timer or a thread, so the
/// simulator and real sockets drive it the same way, and a test drives it by hand.
/// Handles the cookie handshake with INIT collision (both sides connect, as Chromium does),
/// fragmentation and reassembly, ordered and unordered delivery, SACK with gap blocks and delayed
/// acks, retransmission on timeout and fast retransmit, congestion and receive windows, heartbeat
/// replies, abort, and outgoing stream reset (RFC 6525) to close data channels.
/// </summary>
internal sealed class SctpAssociation
{
    private readonly SctpAssociationOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<byte[]> _transmit;
    private readonly byte[] _cookieSecret = new byte[32];
    private readonly uint _localTag;
    private readonly uint _localInitialTsn;
    private readonly RetransmissionTimer _rto;
    private readonly List<SctpChunk> _control = [];
    private readonly StreamReset _reset;
    private uint _peerTag;
    private SctpSender? _sender;
    private SctpReceiver? _receiver;
    private SctpChunk? _handshakeChunk;
    private int _handshakeRetransmits;
    private int _timeoutsWithoutProgress;
    private long? _handshakeTimer;
    private long? _retransmitTimer;
    private long? _delayedAckTimer;
    private long? _reconfigTimer;
    private long? _shutdownTimer;
    private int _shutdownRetransmits;

    /// <summary>Closed for good, gracefully or not: every later packet and call is refused.</summary>
    private bool _terminated;
    private bool _sackNeeded;
    private int _packetsUnacked;

    public SctpAssociation(SctpAssociationOptions options, TimeProvider time, IRandomSource random, Action<byte[]> transmit)
    {
        this._options = options;
        this._time = time;
        this._transmit = transmit;
        random.NextBytes(_cookieSecret);

        // Both are fixed for this association: INIT and every INIT-ACK (collision included) carry the same (RFC 9260 section 5.2.1).
        do
        {
            _localTag = (uint)random.NextUInt64();
        }
        while (_localTag == 0);
        _localInitialTsn = (uint)random.NextUInt64();
        OutboundStreams = options.Streams;
        _rto = new RetransmissionTimer(options);
        _reset = new StreamReset(_localInitialTsn);
    }

    public SctpAssociationState State { get; private set; }

    /// <summary>Streams we may send on, once the peer's INIT or INIT-ACK is known; until then what we offer.</summary>
    public ushort OutboundStreams { get; private set; }

    /// <summary>Why the association closed, when it did not close gracefully.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>When <see cref="HandleTimers"/> must next be called, as a <see cref="TimeProvider.GetTimestamp"/> value; null when no timer runs.</summary>
    public long? NextTimerTimestamp => Min(Min(Min(_handshakeTimer, _retransmitTimer), Min(_delayedAckTimer, _reconfigTimer)), _shutdownTimer);

    /// <summary>Bytes sent by the application and not yet acknowledged by the peer.</summary>
    public long BufferedBytes => (_sender?.BufferedBytes ?? 0) + _pendingBeforeEstablished.Sum(p => (long)p.Message.Data.Length);

    /// <summary>Bytes of one stream sent by the application and not yet acknowledged.</summary>
    public long BufferedBytesOn(ushort streamId) =>
        (_sender?.BufferedBytesOn(streamId) ?? 0) + _pendingBeforeEstablished.Where(p => p.Message.StreamId == streamId && !p.Control).Sum(p => (long)p.Message.Data.Length);

    /// <summary>Raised on every change of <see cref="State"/>.</summary>
    public event Action<SctpAssociationState>? StateChanged;

    public event Action<SctpMessage>? MessageReceived;

    /// <summary>The peer reset these of its outgoing streams: the data channels on them are closed by the peer.</summary>
    public event Action<IReadOnlyList<ushort>>? IncomingStreamsReset;

    /// <summary>Our reset of these outgoing streams was performed by the peer: the channels are fully closed.</summary>
    public event Action<IReadOnlyList<ushort>>? OutgoingStreamsReset;

    /// <summary>Loss recovery so far: retransmission timeouts and fast-retransmitted chunks.</summary>
    public (long Timeouts, long FastRetransmits) Retransmissions => (_sender?.RetransmissionTimeouts ?? 0, _sender?.FastRetransmits ?? 0);

    /// <summary>The peer's cumulative ack moved on: buffered bytes went down, so senders held back may write again.</summary>
    public event Action? DataAcknowledged;

    private readonly List<Pending> _pendingBeforeEstablished = [];

    /// <summary>Starts the association: sends INIT. The peer may connect at the same time; the collision resolves itself.</summary>
    public void Connect()
    {
        if (State != SctpAssociationState.Closed || _sender is not null || _terminated)
        {
            throw new InvalidOperationException($"Connect is for a new association, not one in {State}");
        }

        _handshakeChunk = new InitChunk
        {
            InitiateTag = _localTag,
            ReceiverWindowBytes = _options.ReceiveWindowBytes,
            OutboundStreams = _options.Streams,
            InboundStreams = _options.Streams,
            InitialTsn = _localInitialTsn,
            SupportedExtensions = [(byte)SctpChunkType.Reconfig],
        };
        SetState(SctpAssociationState.CookieWait);
        SendHandshake(verificationTag: 0);
    }

    /// <summary>
    /// Queues a message. Before the association is up it waits; it is sent once established. A
    /// <paramref name="control"/> message (DCEP) is left out of <see cref="BufferedBytesOn"/>, the application's bufferedAmount.
    /// </summary>
    public void Send(ushort streamId, uint payloadProtocol, ReadOnlyMemory<byte> data, bool unordered = false, bool control = false)
    {
        if (data.IsEmpty)
        {
            throw new ArgumentException("SCTP carries no empty messages; WebRTC sends one byte under an 'empty' PPID", nameof(data));
        }

        if (streamId >= OutboundStreams)
        {
            throw new ArgumentOutOfRangeException(nameof(streamId), streamId, $"the association has {OutboundStreams} outbound streams");
        }

        if (State is not (SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed or SctpAssociationState.Established))
        {
            throw new InvalidOperationException($"cannot send in {State}");
        }

        if (_terminated)
        {
            throw new InvalidOperationException($"the association has ended{(FailureReason is null ? "" : ": " + FailureReason)}");
        }

        if (_sender is null || State != SctpAssociationState.Established)
        {
            _pendingBeforeEstablished.Add(new Pending(new SctpMessage(streamId, payloadProtocol, data.ToArray(), unordered), control));
            return;
        }

        _sender.Enqueue(streamId, payloadProtocol, data, unordered, control);
        Flush();
    }

    /// <summary>Resets our outgoing side of these streams once their queued data has been numbered (RFC 6525 section 5.1.2).</summary>
    public void ResetStreams(IEnumerable<ushort> streams)
    {
        _reset.Request(streams);
        Flush();
    }

    /// <summary>
    /// Closes gracefully (RFC 9260 section 9.2): no new messages are taken, what is queued is
    /// delivered, then SHUTDOWN, SHUTDOWN-ACK and SHUTDOWN-COMPLETE end the association.
    /// </summary>
    public void Shutdown()
    {
        if (State != SctpAssociationState.Established)
        {
            Abort("shut down before the association was up");
            return;
        }

        SetState(SctpAssociationState.ShutdownPending);
        Flush();
    }

    /// <summary>Ends the association at once, telling the peer why.</summary>
    public void Abort(string reason)
    {
        if (_terminated || _sender is null)
        {
            Close("aborted here: " + reason);
            return;
        }

        _transmit(Packet(_peerTag, [new AbortChunk { Causes = [SctpErrorCause.UserAbort(reason)] }]));
        Close("aborted here: " + reason);
    }

    /// <summary>Processes one packet from the peer; malformed or misaddressed packets are dropped, as RFC 9260 asks.</summary>
    public void HandlePacket(ReadOnlySpan<byte> bytes)
    {
        if (_terminated || !SctpPacket.TryDecode(bytes, out var packet, out _) || packet.Chunks.Count == 0 || packet.DestinationPort != _options.Port)
        {
            return;
        }

        if (!TagIsValid(packet))
        {
            return;
        }

        var delivered = new List<SctpMessage>();
        var hadData = false;
        var immediate = false;
        foreach (var chunk in packet.Chunks)
        {
            if (_terminated)
            {
                break;
            }

            switch (chunk)
            {
                case InitChunk { IsAck: false } init:
                    OnInit(init);
                    break;
                case InitChunk { IsAck: true } initAck:
                    OnInitAck(initAck);
                    break;
                case CookieEchoChunk echo:
                    OnCookieEcho(echo);
                    break;
                case SignalChunk { Type: SctpChunkType.CookieAck }:
                    OnCookieAck();
                    break;
                case DataChunk data when _receiver is not null && State is SctpAssociationState.Established or SctpAssociationState.CookieEchoed
                    or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownReceived:
                    hadData = true;
                    if (!_receiver.Receive(data, delivered) || data.Immediate)
                    {
                        immediate = true;
                    }

                    break;
                case SackChunk sack when _sender is not null:
                    OnSack(sack);
                    break;
                case HeartbeatChunk { IsAck: false } heartbeat:
                    _control.Add(heartbeat with { IsAck = true });
                    break;
                case ShutdownChunk shutdown when _sender is not null:
                    OnShutdown(shutdown);
                    break;
                case SignalChunk { Type: SctpChunkType.ShutdownAck } when State is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent:
                    // Both sides may have sent SHUTDOWN at once; either way SHUTDOWN-COMPLETE ends it (RFC 9260 section 9.2).
                    _transmit(Packet(_peerTag, [SignalChunk.ShutdownComplete]));
                    Close(null);
                    break;
                case SignalChunk { Type: SctpChunkType.ShutdownComplete } when State == SctpAssociationState.ShutdownAckSent:
                    Close(null);
                    break;
                case AbortChunk abort:
                    Close("aborted by the peer" + Describe(abort.Causes));
                    break;
                case ReconfigChunk reconfig when _receiver is not null && _sender is not null:
                    OnReconfig(reconfig);
                    break;
                case UnknownChunk unknown:
                    if (unknown.Report)
                    {
                        _control.Add(new ErrorChunk { Causes = [new SctpErrorCause(SctpErrorCause.UnrecognizedChunkType, Raw(unknown))] });
                    }

                    if (!unknown.SkipAndContinue)
                    {
                        goto done;
                    }

                    break;
                default:
                    break;
            }
        }

    done:
        if (hadData)
        {
            _packetsUnacked++;

            // Acknowledge at once on gaps, duplicates or every second packet; otherwise within the delayed-ack time (RFC 9260 section 6.2).
            if (immediate || _receiver!.HasGapsOrDuplicates || _packetsUnacked >= 2)
            {
                _sackNeeded = true;
            }
            else
            {
                _delayedAckTimer ??= After(_options.DelayedAckTimeout);
            }
        }

        foreach (var message in delivered)
        {
            MessageReceived?.Invoke(message);
        }

        if (_receiver is not null)
        {
            ProcessDeferredIncomingResets();
        }

        Flush();
    }

    /// <summary>Fires every timer that is due at the time provider's current time.</summary>
    public void HandleTimers()
    {
        var now = _time.GetTimestamp();
        if (_handshakeTimer <= now)
        {
            _handshakeTimer = null;
            if (++_handshakeRetransmits > _options.MaxInitRetransmits)
            {
                Close($"no answer to {_handshakeChunk?.Type} after {_options.MaxInitRetransmits} retransmissions");
                return;
            }

            _rto.BackOff();
            SendHandshake(_handshakeChunk is InitChunk ? 0 : _peerTag);
        }

        if (_retransmitTimer <= now)
        {
            _retransmitTimer = null;
            if (++_timeoutsWithoutProgress > _options.MaxRetransmits)
            {
                Close($"the peer acknowledged nothing through {_options.MaxRetransmits} retransmission timeouts");
                return;
            }

            _rto.BackOff();
            _sender?.OnRetransmissionTimeout();
        }

        if (_delayedAckTimer <= now)
        {
            _delayedAckTimer = null;
            _sackNeeded = true;
        }

        if (_shutdownTimer <= now)
        {
            _shutdownTimer = null;
            if (++_shutdownRetransmits > _options.MaxRetransmits)
            {
                Close($"no answer to the shutdown after {_options.MaxRetransmits} retransmissions");
                return;
            }

            _rto.BackOff();
            SendShutdownStep();
        }

        if (_reconfigTimer <= now)
        {
            _reconfigTimer = null;
            _reset.RetransmitPending();
        }

        Flush();
    }

    private void OnInit(InitChunk init)
    {
        if (init.InitiateTag == 0 || init.InboundStreams == 0 || init.OutboundStreams == 0)
        {
            return;
        }

        // In every state the answer carries our one tag and initial TSN, and a cookie with the peer's (RFC 9260 sections 5.1, 5.2.1, 5.2.2).
        var cookie = new StateCookie(
            _localTag,
            _localInitialTsn,
            init.InitiateTag,
            init.InitialTsn,
            init.ReceiverWindowBytes,
            init.OutboundStreams,
            init.InboundStreams,
            _time.GetUtcNow().ToUnixTimeMilliseconds()).Seal(_cookieSecret);
        var initAck = new InitChunk
        {
            IsAck = true,
            InitiateTag = _localTag,
            ReceiverWindowBytes = _options.ReceiveWindowBytes,
            OutboundStreams = _options.Streams,
            InboundStreams = _options.Streams,
            InitialTsn = _localInitialTsn,
            StateCookie = cookie,
            SupportedExtensions = [(byte)SctpChunkType.Reconfig],
        };
        _transmit(Packet(init.InitiateTag, [initAck]));
    }

    private void OnInitAck(InitChunk initAck)
    {
        if (State != SctpAssociationState.CookieWait || initAck.InitiateTag == 0 || initAck.StateCookie is not { } cookie)
        {
            return;
        }

        _peerTag = initAck.InitiateTag;
        Start(initAck.InitialTsn, initAck.ReceiverWindowBytes, initAck.InboundStreams);
        _handshakeChunk = new CookieEchoChunk { Cookie = cookie };
        _handshakeRetransmits = 0;
        SetState(SctpAssociationState.CookieEchoed);
        SendHandshake(_peerTag);
    }

    private void OnCookieEcho(CookieEchoChunk echo)
    {
        var cookie = StateCookie.Open(echo.Cookie.Span, _cookieSecret);
        if (cookie is null || cookie.LocalTag != _localTag)
        {
            return;
        }

        var age = _time.GetUtcNow().ToUnixTimeMilliseconds() - cookie.CreatedUnixMilliseconds;
        if (age > _options.CookieLifetime.TotalMilliseconds)
        {
            // Sent under the tag the cookie names: this side may have no association with the peer yet (RFC 9260 section 5.2.6).
            _transmit(Packet(cookie.PeerTag, [new ErrorChunk { Causes = [new SctpErrorCause(SctpErrorCause.StaleCookie, new byte[4])] }]));
            return;
        }

        // Case D (tags match) re-acks; case B (collision: our tag matches, the peer's is new or unset) takes the peer's tag (RFC 9260 section 5.2.4).
        if (State == SctpAssociationState.Established && cookie.PeerTag != _peerTag)
        {
            return;
        }

        _peerTag = cookie.PeerTag;
        if (_receiver is null)
        {
            Start(cookie.PeerInitialTsn, cookie.PeerReceiverWindowBytes, cookie.PeerInboundStreams);
        }

        _control.Add(SignalChunk.CookieAck);
        Establish();
    }

    private void OnCookieAck()
    {
        if (State == SctpAssociationState.CookieEchoed)
        {
            Establish();
        }
    }

    private void OnSack(SackChunk sack)
    {
        var now = _time.GetTimestamp();
        var (rtt, advanced) = _sender!.OnSack(sack, now, _time);
        if (rtt is { } sample)
        {
            _rto.AddSample(sample);
        }

        if (advanced)
        {
            _timeoutsWithoutProgress = 0;

            // The earliest outstanding TSN was acked: restart T3 from now (RFC 9260 section 6.3.2 rule R3).
            _retransmitTimer = _sender.HasOutstanding ? After(_rto.Rto) : null;
            DataAcknowledged?.Invoke();
        }
        else if (!_sender.HasOutstanding)
        {
            _retransmitTimer = null;
        }
    }

    private void OnReconfig(ReconfigChunk reconfig)
    {
        foreach (var parameter in reconfig.Parameters)
        {
            switch (parameter)
            {
                case OutgoingResetRequest request:
                    _reset.OnPeerRequest(request);
                    break;
                case ReconfigResponse response:
                    var done = _reset.OnResponse(response);
                    if (done is not null)
                    {
                        _sender!.ResetOutgoingSequence(done);
                        _reconfigTimer = null;
                        OutgoingStreamsReset?.Invoke(done);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>A peer's reset is performed once every DATA it sent before the request has arrived (RFC 6525 section 5.2.2).</summary>
    private void ProcessDeferredIncomingResets()
    {
        while (_reset.TakeReadyPeerRequest(_receiver!) is { } request)
        {
            _receiver!.ResetStreams(request.Streams);
            _control.Add(new ReconfigChunk { Parameters = [new ReconfigResponse { ResponseSequence = request.RequestSequence, Result = ReconfigResult.SuccessPerformed }] });
            IncomingStreamsReset?.Invoke(request.Streams);
        }

        foreach (var repeat in _reset.TakeRepeatedResponses())
        {
            _control.Add(new ReconfigChunk { Parameters = [repeat] });
        }
    }

    private void Start(uint peerInitialTsn, uint peerWindowBytes, ushort peerInboundStreams)
    {
        // We may send on as many streams as both our offer and the peer's inbound count allow (RFC 9260 section 5.1.1).
        OutboundStreams = Math.Min(_options.Streams, peerInboundStreams);
        _receiver = new SctpReceiver(_options, peerInitialTsn);
        _sender = new SctpSender(_options, _localInitialTsn, peerWindowBytes);
        _reset.Start(peerInitialTsn);
    }

    private void Establish()
    {
        _handshakeTimer = null;
        _handshakeChunk = null;
        if (State == SctpAssociationState.Established)
        {
            return;
        }

        SetState(SctpAssociationState.Established);
        foreach (var (message, control) in _pendingBeforeEstablished)
        {
            _sender!.Enqueue(message.StreamId, message.PayloadProtocol, message.Data, message.Unordered, control);
        }

        _pendingBeforeEstablished.Clear();
    }

    private void Close(string? failure)
    {
        FailureReason ??= failure;
        _terminated = true;
        _handshakeTimer = _retransmitTimer = _delayedAckTimer = _reconfigTimer = _shutdownTimer = null;
        _control.Clear();
        SetState(SctpAssociationState.Closed);
    }

    private void SetState(SctpAssociationState state)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        StateChanged?.Invoke(state);
    }

    private void SendHandshake(uint verificationTag)
    {
        _transmit(Packet(verificationTag, [_handshakeChunk!]));
        _handshakeTimer = After(_rto.Rto);
    }

    /// <summary>Sends control chunks, then a SACK if one is due, then as much DATA as the windows allow, packed into packets of at most MaxPacketBytes.</summary>
    private void Flush()
    {
        if (_terminated)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var chunks = new List<SctpChunk>(_control);
        _control.Clear();
        if (_sackNeeded && _receiver is not null)
        {
            chunks.Add(_receiver.BuildSack());
            _sackNeeded = false;
            _packetsUnacked = 0;
            _delayedAckTimer = null;
        }

        if (State == SctpAssociationState.Established && _sender is not null && _reset.TakeOutgoingRequest(_sender) is { } request)
        {
            chunks.Add(new ReconfigChunk { Parameters = [request] });
            _reconfigTimer = After(_rto.Rto);
        }

        var budget = _options.MaxPacketBytes - SctpPacket.HeaderBytes;
        var packet = new List<SctpChunk>();
        foreach (var chunk in chunks)
        {
            // Only answers that echo the peer's bytes (an ERROR quoting an unknown chunk, a HEARTBEAT
            // ACK) can outgrow a packet; they are courtesies, so drop them rather than send oversize.
            if (chunk.EncodedBytes > _options.MaxPacketBytes - SctpPacket.HeaderBytes)
            {
                continue;
            }

            if (packet.Count > 0 && chunk.EncodedBytes > budget)
            {
                _transmit(Packet(_peerTag, packet));
                packet = [];
                budget = _options.MaxPacketBytes - SctpPacket.HeaderBytes;
            }

            packet.Add(chunk);
            budget -= chunk.EncodedBytes;
        }

        if (State is SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived && _sender is not null)
        {
            while (true)
            {
                var data = _sender.TakeChunks(budget, now);
                if (data.Count == 0)
                {
                    break;
                }

                packet.AddRange(data);
                _transmit(Packet(_peerTag, packet));
                packet = [];
                budget = _options.MaxPacketBytes - SctpPacket.HeaderBytes;
                _retransmitTimer ??= After(_rto.Rto);
            }
        }

        if (packet.Count > 0)
        {
            _transmit(Packet(_peerTag, packet));
        }

        AdvanceShutdown();
    }

    /// <summary>Once every byte we sent is acknowledged, a pending shutdown sends SHUTDOWN and a received one SHUTDOWN-ACK.</summary>
    private void AdvanceShutdown()
    {
        if (_sender is null || _sender.HasOutstanding || _sender.HasPendingData)
        {
            return;
        }

        if (State == SctpAssociationState.ShutdownPending)
        {
            SetState(SctpAssociationState.ShutdownSent);
            SendShutdownStep();
        }
        else if (State == SctpAssociationState.ShutdownReceived)
        {
            SetState(SctpAssociationState.ShutdownAckSent);
            SendShutdownStep();
        }
    }

    private void SendShutdownStep()
    {
        SctpChunk chunk = State == SctpAssociationState.ShutdownSent
            ? new ShutdownChunk { CumulativeTsnAck = _receiver!.CumulativeTsn }
            : SignalChunk.ShutdownAck;
        _transmit(Packet(_peerTag, [chunk]));
        _shutdownTimer = After(_rto.Rto);
    }

    private void OnShutdown(ShutdownChunk shutdown)
    {
        // SHUTDOWN acknowledges data like a SACK without gaps.
        OnSack(new SackChunk { CumulativeTsnAck = shutdown.CumulativeTsnAck, ReceiverWindowBytes = (uint)Math.Min(uint.MaxValue, _sender!.PeerReceiverWindowBytes) });
        if (State is SctpAssociationState.Established or SctpAssociationState.ShutdownPending)
        {
            SetState(SctpAssociationState.ShutdownReceived);
        }
        else if (State == SctpAssociationState.ShutdownSent)
        {
            SetState(SctpAssociationState.ShutdownAckSent);
            SendShutdownStep();
        }
    }

    /// <summary>INIT travels with tag 0, ABORT and SHUTDOWN-COMPLETE with T set carry the peer's tag, everything else ours (RFC 9260 section 8.5.1).</summary>
    private bool TagIsValid(SctpPacket packet)
    {
        var first = packet.Chunks[0];
        if (first is InitChunk { IsAck: false })
        {
            return packet.VerificationTag == 0 && packet.Chunks.Count == 1;
        }

        if (first is AbortChunk { TagReflected: true } || first is SignalChunk { TagReflected: true })
        {
            return packet.VerificationTag == _peerTag;
        }

        return packet.VerificationTag == _localTag;
    }

    private byte[] Packet(uint verificationTag, IReadOnlyList<SctpChunk> chunks) =>
        new SctpPacket { SourcePort = _options.Port, DestinationPort = _options.Port, VerificationTag = verificationTag, Chunks = chunks }.Encode();

    private long After(TimeSpan delay) => _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static byte[] Raw(UnknownChunk chunk)
    {
        var bytes = new byte[SctpChunk.HeaderBytes + chunk.Value.Length];
        bytes[0] = chunk.TypeValue;
        bytes[1] = chunk.FlagsValue;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)bytes.Length);
        chunk.Value.Span.CopyTo(bytes.AsSpan(SctpChunk.HeaderBytes));
        return bytes;
    }

    /// <summary>A message sent before the association was up.</summary>
    private readonly record struct Pending(SctpMessage Message, bool Control);

    private static string Describe(IReadOnlyList<SctpErrorCause> causes) =>
        causes.Count == 0 ? "" : ": " + string.Join(", ", causes.Select(c => c.Code == SctpErrorCause.UserInitiatedAbort
            ? System.Text.Encoding.UTF8.GetString(c.Info.Span)
            : "cause " + c.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
