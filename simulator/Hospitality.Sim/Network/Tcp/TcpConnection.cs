using System.Net;
using Hospitality.Sim.Kernel;
using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Network.Tcp;

/// <summary>
/// A TCP connection carrying a WebSocket's messages, as hotel-node's connections do, modelled segment
/// by segment over the virtual path: three-way handshake, the HTTP upgrade (<see cref="WebSocketHandshake"/>),
/// messages in WebSocket frames and a close frame before the FIN (<see cref="WebSocketFramer"/>), MSS-sized segments, cumulative ACKs, RTT from the timestamps option
/// (RFC 7323), RFC 6298 retransmission timer with exponential backoff, fast retransmit and NewReno recovery, slow start and congestion avoidance,
/// FIN close and RST, and keepalive probes. Under a partition the sender stalls, backs off, and fails after the user timeout.
/// ACKs as Linux sends them: at once for a connection's first data segments, for out-of-order data and for
/// more than a full segment unacknowledged; otherwise delayed up to 40 ms, so that data sent back carries
/// them, once the connection is seen to answer what it hears (Linux's "pingpong" mode).
/// Simplifications: no SACK, a fixed 40 ms delayed-ACK timeout, and the receiver's window is unbounded
/// because the application reads as fast as the model delivers.
/// </summary>
internal sealed class TcpConnection : IMessageConnection, IKernelEvent
{
    private const long NotArmed = long.MaxValue;

    /// <summary>Linux's TCP_MAX_QUICKACKS: a new connection's first data segments are acknowledged at once.</summary>
    private const int QuickAcks = 16;

    /// <summary>Linux's TCP_ATO_MIN (and TCP_DELACK_MIN): how long an ACK may wait for data to carry it.</summary>
    private static readonly long DelayedAckTicks = TimeSpan.FromMilliseconds(40).Ticks;

    /// <summary>The kernel-event argument that ends TIME-WAIT; RTO events carry their due tick instead.</summary>
    private const long TimeWaitExpiry = -1;

    private readonly HostNetwork _owner;
    private readonly Simulation _simulation;
    private readonly TcpOptions _options;
    private readonly VirtualMessageListener? _listener;
    private readonly ByteQueue _unsent = new();
    private readonly Queue<OutboundSegment> _inFlight = new();
    private readonly SortedList<long, (ReadOnlyMemory<byte> Data, bool Fin)> _outOfOrder = [];
    private readonly WebSocketFramer _framer;
    private readonly WebSocketHandshake _handshake;
    private readonly bool _masks;
    private readonly Queue<ReadOnlyMemory<byte>> _messages = new();
    private readonly Queue<(TaskCompletionSource Waiter, int Bytes)> _sendWaiters = new();
    private readonly Queue<OutboundSegment> _retransmitQueue = new();
    private readonly TaskCompletionSource _established = new();
    private readonly TaskCompletionSource<ConnectionClosure> _closed = new();
    private readonly int _mss;
    private readonly Metrics.StageTiming _sendBufferWaits;
    private readonly Metrics.StageTiming _unsentWaits;
    private readonly Metrics.StageTiming _retransmissionWaits;

    private TcpState _state;
    private ConnectionFailure _failure;
    private long _sendUnacknowledged;
    private long _sendNext;
    private long _sendMax;
    private long _progressTicks;
    private long _receiveNext;
    private long _congestionWindow;
    private long _slowStartThreshold = long.MaxValue;
    private long _smoothedRttTicks = -1;
    private long _rttVarianceTicks;
    private long _rtoTicks;
    private long _rtoDueTicks = NotArmed;
    private TimerTicket _rtoEntry;
    private int _duplicateAcks;
    private bool _inRecovery;
    private long _recoverSequence;
    private bool _closeRequested;
    private bool _finSent;
    private bool _finAcknowledged;
    private bool _peerFinished;
    private bool _timeWait;
    private bool _open;
    private long _timestampRecent;
    private readonly ReceiveWaiter<ReadOnlyMemory<byte>?> _receiver = new();
    private TcpKeepAlive? _keepAlive;
    private ConnectionTimer? _keepAliveTimer;
    private ConnectionTimer? _delayedAckTimer;
    private bool _ackOwed;
    private long _bytesOwedAnAck;
    private int _quickAcksLeft = QuickAcks;
    private bool _pingPong;
    private long _lastDataHeardTicks = long.MinValue / 2;
    private long _lastHeardTicks;
    private int _probesUnanswered;

    public TcpConnection(HostNetwork owner, int localPort, uint remoteAddress, int remotePort, bool isActiveOpener, VirtualMessageListener? listener = null)
    {
        _owner = owner;
        _simulation = owner.VirtualNetwork.Simulation;
        _options = owner.VirtualNetwork.TcpOptions;
        _listener = listener;
        Key = new ConnectionKey(localPort, remoteAddress, remotePort);
        LocalEndPoint = owner.EndPoint(owner.LocalAddress, localPort);
        RemoteEndPoint = owner.EndPoint(remoteAddress, remotePort);
        // RFC 6455 5.1: a client masks what it sends, a server does not.
        _masks = isActiveOpener;
        _framer = new WebSocketFramer(_options.MaxMessageBytes, peerMasks: !isActiveOpener);
        _handshake = new WebSocketHandshake(client: isActiveOpener);
        _mss = owner.VirtualNetwork.PathMtu(owner.Host, remoteAddress) - TcpHeader.OverheadBytes;
        _congestionWindow = (long)_options.InitialWindowSegments * _mss;
        _rtoTicks = _options.InitialRto.Ticks;
        var queues = owner.VirtualNetwork.Queues;
        var role = owner.Host.Role ?? "host";
        _sendBufferWaits = queues.Stage(Metrics.QueueKind.TcpSendBuffer, role);
        _unsentWaits = queues.Stage(Metrics.QueueKind.TcpUnsent, role);
        _retransmissionWaits = queues.Stage(Metrics.QueueKind.TcpRetransmission, role);
        _state = isActiveOpener ? TcpState.SynSent : TcpState.SynReceived;
        if (listener is not null)
        {
            listener.Pending++;
        }
    }

    public ConnectionKey Key { get; }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public int MaxMessageBytes => _options.MaxMessageBytes;

    public Task<ConnectionClosure> Closed => _closed.Task;

    public int TraceKind => TraceKinds.TcpTimer;

    /// <summary>Sends the SYN of an active open.</summary>
    public void Open()
    {
        Invariant.Holds(_state == TcpState.SynSent, "only an active opener sends the first SYN");
        SendNew(TcpFlags.Syn, default);
    }

    public async Task WaitEstablishedAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() =>
        {
            if (!_open)
            {
                Fail(ConnectionFailure.Aborted, notifyPeer: true);
            }
        });
        try
        {
            await _established.Task;
        }
        catch (NetworkConnectionException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ThrowIfCannotSend();
        if (message.Length > MaxMessageBytes)
        {
            throw new ArgumentException($"A message carries at most {MaxMessageBytes} bytes; got {message.Length}.", nameof(message));
        }

        // Wait for room first: a send cancelled while it waits has queued nothing, so a retry cannot duplicate it.
        var frameBytes = WebSocketFramer.HeaderBytes(message.Length, _masks) + message.Length;
        var askedTicks = _simulation.Now.Ticks;
        if (_sendWaiters.Count > 0 || !HasRoomFor(frameBytes))
        {
            var waiter = new TaskCompletionSource();
            _sendWaiters.Enqueue((waiter, frameBytes));
            // A static callback: a lambda capturing the token would allocate its closure on every send, waiting or not.
            using (cancellationToken.Register(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), waiter))
            {
                await waiter.Task;
            }

            ThrowIfCannotSend();
        }

        var nowTicks = _simulation.Now.Ticks;
        _sendBufferWaits.RecordWait(nowTicks - askedTicks);
        _unsent.Write(WebSocketFramer.Frame(message.Span, _masks), nowTicks);
        TrySend();
    }

    public ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        if (_messages.TryDequeue(out var message))
        {
            return ValueTask.FromResult<ReadOnlyMemory<byte>?>(message);
        }

        if (_peerFinished)
        {
            return ValueTask.FromResult<ReadOnlyMemory<byte>?>(null);
        }

        ThrowIfBroken();
        if (_receiver.IsWaiting)
        {
            throw new InvalidOperationException("Only one receive may wait on a connection at a time.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return _receiver.Start(cancellationToken);
    }

    /// <summary>The WebSocket's close frame, then the FIN; the FIN alone once the peer's has come.</summary>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        Close(withCloseFrame: true);
        return ValueTask.CompletedTask;
    }

    public void Abort()
    {
        if (_state != TcpState.Closed)
        {
            Fail(ConnectionFailure.Aborted, notifyPeer: true);
        }
    }

    /// <summary>The FIN alone, as disposing a .NET WebSocket closes its stream: hotel-node's server answers a client's close frame so.</summary>
    public ValueTask DisposeAsync()
    {
        Close(withCloseFrame: false);
        return ValueTask.CompletedTask;
    }

    private void Close(bool withCloseFrame)
    {
        if (_state != TcpState.Closed && !_open)
        {
            Abort();
        }
        else if (_state == TcpState.Established && !_closeRequested)
        {
            _closeRequested = true;
            // Kestrel cannot write once a client's FIN has come (.NET's client sends it right after its close frame), so
            // hotel-node answers a client's close with its FIN alone (captured on loopback).
            if (withCloseFrame && !_peerFinished)
            {
                _unsent.Write(WebSocketFramer.CloseFrame(_masks), _simulation.Now.Ticks);
            }

            TrySend();
        }
    }

    public void EnableKeepAlive(TcpKeepAlive keepAlive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keepAlive.Idle, TimeSpan.Zero, nameof(keepAlive));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keepAlive.Interval, TimeSpan.Zero, nameof(keepAlive));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keepAlive.Probes, nameof(keepAlive));
        _keepAlive = keepAlive;
        _lastHeardTicks = _simulation.Now.Ticks;
        _probesUnanswered = 0;
        _keepAliveTimer ??= new ConnectionTimer(this, static connection => connection.OnKeepAliveDue());
        _keepAliveTimer.Schedule(_lastHeardTicks + keepAlive.Idle.Ticks);
    }

    /// <summary>The host crashed or changed address: the connection is gone and the peer is not told.</summary>
    public void FailSilently(ConnectionFailure failure) => Fail(failure, notifyPeer: false);

    public void OnSegment(TcpHeader header, ReadOnlyMemory<byte> data)
    {
        if (_state == TcpState.Closed)
        {
            if (_timeWait && (header.Flags & TcpFlags.Fin) != 0)
            {
                SendAck(); // TIME-WAIT: the peer did not hear our last ACK.
            }

            return;
        }

        _lastHeardTicks = _simulation.Now.Ticks;
        _probesUnanswered = 0;
        if (_keepAlive is { } keepAlive)
        {
            // The idle time restarts now: the keepalive's entry moves rather than firing to find it did.
            _keepAliveTimer!.Schedule(_lastHeardTicks + keepAlive.Idle.Ticks);
        }

        var flags = header.Flags;
        if ((flags & TcpFlags.Rst) != 0)
        {
            Fail(_state == TcpState.SynSent ? ConnectionFailure.Refused : ConnectionFailure.Reset, notifyPeer: false);
            return;
        }

        if ((flags & TcpFlags.Syn) != 0)
        {
            OnSyn(header);
            return;
        }

        if ((flags & TcpFlags.Ack) != 0)
        {
            OnAcknowledgement(header.Acknowledgement, header.TimestampEcho, isPureAck: data.Length == 0 && (flags & TcpFlags.Fin) == 0);
        }

        var fin = (flags & TcpFlags.Fin) != 0;
        if (data.Length == 0 && !fin)
        {
            // A keepalive probe repeats the last sequence number received (RFC 1122 4.2.3.6): answer it.
            if (header.Sequence == _receiveNext - 1 && _state == TcpState.Established)
            {
                SendAck();
            }

            return;
        }

        // In-order data may be acknowledged later, by data sent back or the delayed-ACK timer; anything else at once (RFC 5681 4.2).
        var mayDelayAck = header.Sequence == _receiveNext && _outOfOrder.Count == 0 && _state == TcpState.Established;
        if (mayDelayAck)
        {
            // Linux's tcp_event_data_recv: the first data after a pause longer than the RTO is acknowledged at once again.
            if (_simulation.Now.Ticks - _lastDataHeardTicks > _rtoTicks)
            {
                _quickAcksLeft = QuickAcks;
            }

            _ackOwed = true;
            _bytesOwedAnAck += data.Length;
            _lastDataHeardTicks = _simulation.Now.Ticks;
        }

        if (header.Sequence <= _receiveNext)
        {
            // RFC 7323 4.3: echo the newest timestamp of a segment at or before the left edge,
            // duplicates included, so a retransmission is measured and a held-back segment is not.
            _timestampRecent = header.Timestamp;
        }

        if (header.Sequence == _receiveNext)
        {
            Accept(data, fin);
            while (_state != TcpState.Closed && _outOfOrder.Count > 0 && _outOfOrder.Keys[0] <= _receiveNext)
            {
                var (sequence, (buffered, bufferedFin)) = (_outOfOrder.Keys[0], _outOfOrder.Values[0]);
                _outOfOrder.RemoveAt(0);
                if (sequence == _receiveNext)
                {
                    Accept(buffered, bufferedFin);
                }
            }
        }
        else if (header.Sequence > _receiveNext && !_outOfOrder.ContainsKey(header.Sequence))
        {
            _outOfOrder.Add(header.Sequence, (data, fin)); // segments are never written to once sent: no copy
        }

        if (mayDelayAck && _state == TcpState.Established)
        {
            AcknowledgeReceived();
        }
        else if (_state != TcpState.Closed || _timeWait)
        {
            SendAck();
        }

        // A server's upgrade answer, queued while the request was read (in order or from the out-of-order queue).
        TrySend();
    }

    public void Fire(long argument)
    {
        if (argument == TimeWaitExpiry)
        {
            if (_timeWait)
            {
                _timeWait = false;
                _owner.Forget(this);
            }

            return;
        }

        // Stopping the timer takes its entry off the queue and ACKs move it: an entry that fires is due.
        Invariant.Holds(_state != TcpState.Closed && _rtoDueTicks == _simulation.Now.Ticks, "the retransmission timer fires only when armed and due");
        _rtoDueTicks = NotArmed;
        if (_inFlight.Count == 0)
        {
            return;
        }

        var oldest = _inFlight.Peek();
        var now = _simulation.Now.Ticks;
        if (GivesUp(oldest, now))
        {
            Fail(ConnectionFailure.TimedOut, notifyPeer: false);
            return;
        }

        // RFC 6298 5.4-5.6 and RFC 5681: back off, shrink to one segment, and go back to the oldest
        // unacknowledged segment: everything in flight is resent in order as slow start reopens the window.
        _slowStartThreshold = Math.Max(FlightBytes / 2, 2L * _mss);
        _congestionWindow = _mss;
        _inRecovery = false;
        _duplicateAcks = 0;
        _rtoTicks = Math.Min(_rtoTicks * 2, _options.MaxRto.Ticks);
        if (_state != TcpState.Established)
        {
            Transmit(oldest); // a SYN or SYN-ACK
        }
        else
        {
            _retransmitQueue.Clear();
            foreach (var segment in _inFlight)
            {
                _retransmitQueue.Enqueue(segment);
            }

            _sendNext = _sendUnacknowledged;
            TrySend();
        }

        ArmTimer();
    }

    private long FlightBytes => _sendNext - _sendUnacknowledged;

    /// <summary>Everything queued and not yet acknowledged, including segments waiting to be resent.</summary>
    private long BufferedBytes => _unsent.Count + (_sendMax - _sendUnacknowledged);

    /// <summary>SYNs give up after their retries; data after the user timeout passes with no acknowledged progress.</summary>
    private bool GivesUp(OutboundSegment oldest, long nowTicks)
    {
        if ((oldest.Flags & TcpFlags.Syn) != 0)
        {
            var retries = _state == TcpState.SynSent ? _options.SynRetries : _options.SynAckRetries;
            return oldest.Transmissions > retries;
        }

        return nowTicks - _progressTicks >= _options.UserTimeout.Ticks;
    }

    private void OnSyn(TcpHeader header)
    {
        var isAck = (header.Flags & TcpFlags.Ack) != 0;
        if (_state == TcpState.SynReceived && !isAck && _inFlight.Count == 0)
        {
            // A passive open: take the peer's SYN, answer with our SYN-ACK.
            _receiveNext = header.Sequence + 1;
            _timestampRecent = header.Timestamp;
            SendNew(TcpFlags.Syn, default);
        }
        else if (_state == TcpState.SynReceived && !isAck)
        {
            // The peer sent its SYN again: our SYN-ACK was lost, so answer at once.
            _timestampRecent = header.Timestamp;
            Transmit(_inFlight.Peek());
        }
        else if (_state == TcpState.SynSent && isAck && header.Acknowledgement == 1)
        {
            _receiveNext = header.Sequence + 1;
            _timestampRecent = header.Timestamp;
            OnAcknowledgement(1, header.TimestampEcho, isPureAck: false);
            _state = TcpState.Established;
            SendAck();
            // The WebSocket opens once the server answers the upgrade.
            _unsent.Write(_handshake.Request(RemoteEndPoint, ((ulong)(uint)Key.LocalPort << 32) | Key.RemoteAddress), _simulation.Now.Ticks);
            TrySend();
        }
        else if (_state == TcpState.Established && isAck)
        {
            // Our ACK of the SYN-ACK was lost: acknowledge again.
            SendAck();
        }
    }

    private void OnAcknowledgement(long acknowledgement, long timestampEcho, bool isPureAck)
    {
        if (acknowledgement > _sendMax)
        {
            return;
        }

        // After going back N, an ACK for an original transmission can run ahead of what was resent.
        _sendNext = Math.Max(_sendNext, acknowledgement);

        if (acknowledgement > _sendUnacknowledged)
        {
            var ackedBytes = acknowledgement - _sendUnacknowledged;
            while (_inFlight.Count > 0 && _inFlight.Peek().End <= acknowledgement)
            {
                _finAcknowledged |= (_inFlight.Dequeue().Flags & TcpFlags.Fin) != 0;
            }

            _sendUnacknowledged = acknowledgement;
            _progressTicks = _simulation.Now.Ticks;
            _duplicateAcks = 0;
            if (timestampEcho > 0)
            {
                // The echoed timestamp names the transmission that was acknowledged (RFC 7323 RTTM).
                UpdateRto(Timestamp() - timestampEcho);
            }

            if (_state == TcpState.SynReceived)
            {
                _state = TcpState.Established; // the listener takes it once its WebSocket upgrade is read
            }

            if (_inRecovery && acknowledgement < _recoverSequence && _inFlight.Count > 0)
            {
                Transmit(_inFlight.Peek()); // NewReno partial ACK: the next hole is lost too.
            }
            else if (_inRecovery)
            {
                _inRecovery = false;
                _congestionWindow = Math.Max(_slowStartThreshold, _mss);
            }
            else if (_congestionWindow < _slowStartThreshold)
            {
                // RFC 3465 with L = 2 segments: one delayed ACK covers two.
                _congestionWindow += Math.Min(ackedBytes, 2L * _mss);
            }
            else
            {
                _congestionWindow += Math.Max(1, (long)_mss * _mss / _congestionWindow);
            }

            if (_inFlight.Count == 0)
            {
                StopTimer();
            }
            else
            {
                ArmTimer();
            }

            ReleaseSendWaiters();
            TrySend();
            CompleteIfClosed();
        }
        else if (acknowledgement == _sendUnacknowledged && isPureAck && _inFlight.Count > 0 && _state == TcpState.Established)
        {
            _duplicateAcks++;
            if (_duplicateAcks == 3 && !_inRecovery)
            {
                // RFC 5681 fast retransmit.
                _slowStartThreshold = Math.Max(FlightBytes / 2, 2L * _mss);
                _congestionWindow = _slowStartThreshold + (3L * _mss);
                _inRecovery = true;
                _recoverSequence = _sendNext;
                Transmit(_inFlight.Peek());
            }
            else if (_duplicateAcks > 3 && _inRecovery)
            {
                _congestionWindow += _mss;
                TrySend();
            }
        }
    }

    private void UpdateRto(long rttTicks)
    {
        if (_smoothedRttTicks < 0)
        {
            _smoothedRttTicks = rttTicks;
            _rttVarianceTicks = rttTicks / 2;
        }
        else
        {
            _rttVarianceTicks = ((3 * _rttVarianceTicks) + Math.Abs(_smoothedRttTicks - rttTicks)) / 4;
            _smoothedRttTicks = ((7 * _smoothedRttTicks) + rttTicks) / 8;
        }

        var rto = _smoothedRttTicks + Math.Max(TimeSpan.TicksPerMillisecond, 4 * _rttVarianceTicks);
        _rtoTicks = Math.Clamp(rto, _options.MinRto.Ticks, _options.MaxRto.Ticks);
    }

    private void Accept(ReadOnlyMemory<byte> data, bool fin)
    {
        _receiveNext += data.Length + (fin ? 1 : 0);
        if (!_open && data.Length > 0)
        {
            if (_handshake.Read(data, _simulation.Clock.GetUtcNow(), out data) is not { } outcome)
            {
                data = default;
            }
            else if (!outcome.IsOpen)
            {
                Fail(ConnectionFailure.Reset, notifyPeer: true, outcome.Error);
                return;
            }
            else
            {
                OnUpgraded(outcome.Answer);
            }
        }

        if (!_open && fin)
        {
            Fail(ConnectionFailure.Reset, notifyPeer: true, "the peer closed before the WebSocket upgrade finished");
            return;
        }

        if (data.Length > 0 && _framer.Append(data, _messages) is { } error)
        {
            Fail(ConnectionFailure.Reset, notifyPeer: true, error);
            return;
        }

        if (fin)
        {
            _peerFinished = true;
        }

        if (_receiver.IsWaiting && (_messages.Count > 0 || _peerFinished))
        {
            _receiver.SetResult(_messages.TryDequeue(out var message) ? (ReadOnlyMemory<byte>?)message : null);
        }

        CompleteIfClosed();
    }

    // A server queues its 101 answer ahead of anything its application sends, then hands the connection to its
    // listener; the answer leaves after the request's ACK is decided, as the kernel decides it before Kestrel answers.
    private void OnUpgraded(byte[]? answer)
    {
        _open = true;
        if (answer is not null)
        {
            _unsent.Write(answer, _simulation.Now.Ticks);
        }

        _established.TrySetResult();
        _listener?.OnEstablished(this);
    }

    private void TrySend()
    {
        if (_state != TcpState.Established)
        {
            return;
        }

        while (_retransmitQueue.TryPeek(out var lost))
        {
            if (lost.End <= _sendUnacknowledged)
            {
                _retransmitQueue.Dequeue();
                continue;
            }

            if (FlightBytes > 0 && _congestionWindow - FlightBytes < lost.Length)
            {
                return;
            }

            _retransmitQueue.Dequeue();
            Transmit(lost);
            _sendNext = Math.Max(_sendNext, lost.End);
        }

        while (_unsent.Count > 0)
        {
            var room = _congestionWindow - FlightBytes;
            var length = (int)Math.Min(_mss, _unsent.Count);
            if (room < length && FlightBytes > 0)
            {
                return;
            }

            _unsentWaits.RecordWait(_simulation.Now.Ticks - _unsent.HeadWrittenTicks);
            SendNew(TcpFlags.None, _unsent.Read(length));
        }

        if (_closeRequested && !_finSent)
        {
            _finSent = true;
            SendNew(TcpFlags.Fin, default);
        }
    }

    private void SendNew(TcpFlags flags, ReadOnlyMemory<byte> data)
    {
        Invariant.Holds(_sendNext == _sendMax, "new data follows everything sent before it");
        if (_inFlight.Count == 0)
        {
            _progressTicks = _simulation.Now.Ticks;
        }

        var segment = new OutboundSegment(_sendNext, flags, data);
        _sendNext = segment.End;
        _sendMax = segment.End;
        _inFlight.Enqueue(segment);
        Transmit(segment);
        if (_rtoDueTicks == NotArmed)
        {
            ArmTimer();
        }
    }

    private void Transmit(OutboundSegment segment)
    {
        if (segment.Transmissions++ == 0)
        {
            segment.FirstSentTicks = _simulation.Now.Ticks;
        }
        else
        {
            _retransmissionWaits.RecordWait(_simulation.Now.Ticks - segment.FirstSentTicks);
        }

        var isInitialSyn = segment.Flags == TcpFlags.Syn && _state == TcpState.SynSent;
        var flags = segment.Flags | (isInitialSyn ? TcpFlags.None : TcpFlags.Ack);
        if (!isInitialSyn)
        {
            AckSent();
        }

        // Linux's tcp_event_data_sent: data sent soon after data was heard marks a connection that answers.
        if (segment.Data.Length > 0 && _simulation.Now.Ticks - _lastDataHeardTicks < DelayedAckTicks)
        {
            _pingPong = true;
        }

        _owner.SendSegment(this, new TcpHeader(flags, segment.Sequence, _receiveNext, Timestamp(), _timestampRecent), segment.Data);
    }

    private void SendAck()
    {
        AckSent();
        _owner.SendSegment(this, new TcpHeader(TcpFlags.Ack, _sendNext, _receiveNext, Timestamp(), _timestampRecent), default);
    }

    // Linux's __tcp_ack_snd_check: at once while quick ACKs last and the connection does not answer
    // what it hears, or with more than a full segment unacknowledged; else within the delayed-ACK timeout.
    private void AcknowledgeReceived()
    {
        if (!_ackOwed)
        {
            return;
        }

        if (!_pingPong && _quickAcksLeft > 0)
        {
            _quickAcksLeft--;
            SendAck();
            return;
        }

        if (_bytesOwedAnAck > _mss)
        {
            SendAck();
            return;
        }

        _delayedAckTimer ??= new ConnectionTimer(this, static connection => connection.OnDelayedAckDue());
        if (!_delayedAckTimer.IsArmed)
        {
            _delayedAckTimer.Schedule(_simulation.Now.Ticks + DelayedAckTicks);
        }
    }

    // Every segment sent carries the ACK: whatever was owed is paid.
    private void AckSent()
    {
        _ackOwed = false;
        _bytesOwedAnAck = 0;
        _delayedAckTimer?.Cancel();
    }

    // Linux leaves pingpong mode when a delayed ACK had to go out on its own.
    private void OnDelayedAckDue()
    {
        if (_ackOwed && _state != TcpState.Closed)
        {
            _pingPong = false;
            SendAck();
        }
    }

    /// <summary>TSval: the current tick plus one, so that 0 can mean "no timestamp".</summary>
    private long Timestamp() => _simulation.Now.Ticks + 1;

    /// <summary>
    /// (Re)starts the retransmission timer. Re-arming on every ACK moves the timer's one queued entry
    /// (a later deadline is only noted until the old one comes up), and stopping it removes the entry:
    /// a segment acknowledged in time costs no timer event.
    /// </summary>
    private void ArmTimer()
    {
        var dueTicks = _simulation.Now.Ticks + _rtoTicks;
        if (_inFlight.TryPeek(out var oldest) && (oldest.Flags & TcpFlags.Syn) == 0)
        {
            // Like Linux, never back off past the user timeout: the connection fails on time.
            dueTicks = Math.Min(dueTicks, Math.Max(_simulation.Now.Ticks, _progressTicks + _options.UserTimeout.Ticks));
        }

        _rtoDueTicks = dueTicks;
        _rtoEntry = _simulation.Arm(_rtoEntry, dueTicks, this, dueTicks);
    }

    private void StopTimer()
    {
        _rtoDueTicks = NotArmed;
        _simulation.Cancel(_rtoEntry);
    }

    private void CompleteIfClosed()
    {
        if (_state == TcpState.Established && _finAcknowledged && _peerFinished)
        {
            // Linger in TIME-WAIT so a retransmitted FIN is acknowledged instead of reset.
            _state = TcpState.Closed;
            _timeWait = true;
            StopTimer();
            _keepAliveTimer?.Cancel();
            _delayedAckTimer?.Cancel();
            _simulation.Schedule(_simulation.Now.Ticks + _options.TimeWait.Ticks, this, TimeWaitExpiry);
            _closed.TrySetResult(ConnectionClosure.Graceful);
        }
    }

    private bool HasRoomFor(int frameBytes) => BufferedBytes == 0 || BufferedBytes + frameBytes <= _options.SendBufferBytes;

    /// <summary>Lets waiting senders in, in arrival order, while their messages fit; cancelled ones are skipped.</summary>
    private void ReleaseSendWaiters()
    {
        while (_sendWaiters.TryPeek(out var head) && (head.Waiter.Task.IsCompleted || _state == TcpState.Closed || HasRoomFor(head.Bytes)))
        {
            _sendWaiters.Dequeue();
            head.Waiter.TrySetResult();
        }
    }

    private void ThrowIfCannotSend()
    {
        ThrowIfBroken();
        if (_closeRequested)
        {
            throw new NetworkConnectionException(ConnectionFailure.Aborted, $"Connection {LocalEndPoint} -> {RemoteEndPoint} is closing: nothing more can be sent.");
        }
    }

    private void ThrowIfBroken()
    {
        if (_state == TcpState.Closed)
        {
            throw new NetworkConnectionException(
                _failure == ConnectionFailure.None ? ConnectionFailure.Aborted : _failure,
                $"Connection {LocalEndPoint} -> {RemoteEndPoint} is closed ({_failure}).");
        }
    }

    private void Fail(ConnectionFailure failure, bool notifyPeer, string? reason = null)
    {
        if (_state == TcpState.Closed)
        {
            return;
        }

        if (notifyPeer && _state != TcpState.SynSent)
        {
            _owner.SendSegment(this, new TcpHeader(TcpFlags.Rst | TcpFlags.Ack, _sendNext, _receiveNext), default);
        }

        var wasPending = !_open;
        _state = TcpState.Closed;
        _failure = failure;
        StopTimer();
        _keepAliveTimer?.Cancel();
        _delayedAckTimer?.Cancel();
        _unsent.Clear();
        _inFlight.Clear();
        _owner.Forget(this);
        if (wasPending && _listener is not null)
        {
            _listener.Pending--;
        }

        var exception = new NetworkConnectionException(failure, $"Connection {LocalEndPoint} -> {RemoteEndPoint} failed: {reason ?? failure.ToString()}.");
        _established.TrySetException(exception);
        _ = _established.Task.Exception; // observed: a connect that nobody awaits must not surface later
        if (_receiver.IsWaiting)
        {
            _receiver.SetException(exception);
        }

        ReleaseSendWaiters();

        _closed.TrySetResult(new ConnectionClosure(failure));
    }

    // Like Linux: probe only an idle connection with nothing unacknowledged (the retransmission timer
    // watches one with data in flight), and fail after the last unanswered probe.
    private void OnKeepAliveDue()
    {
        if (_keepAlive is not { } keepAlive || _state == TcpState.Closed)
        {
            return;
        }

        var now = _simulation.Now.Ticks;
        if (_state != TcpState.Established || _inFlight.Count > 0 || now - _lastHeardTicks < keepAlive.Idle.Ticks)
        {
            // Due a full idle time after the peer last spoke, or from now if that has passed (data was in flight).
            var due = _lastHeardTicks + keepAlive.Idle.Ticks;
            _probesUnanswered = 0;
            _keepAliveTimer!.Schedule(due > now ? due : now + keepAlive.Idle.Ticks);
            return;
        }

        if (_probesUnanswered >= keepAlive.Probes)
        {
            Fail(ConnectionFailure.TimedOut, notifyPeer: false, $"no answer to {keepAlive.Probes} keepalive probes");
            return;
        }

        _probesUnanswered++;
        _owner.SendSegment(this, new TcpHeader(TcpFlags.Ack, _sendUnacknowledged - 1, _receiveNext, Timestamp(), _timestampRecent), default);
        _keepAliveTimer!.Schedule(now + keepAlive.Interval.Ticks);
    }

    /// <summary>One of a connection's timers (keepalive, delayed ACK): one queued entry, moved when rescheduled and taken off the queue when cancelled.</summary>
    private sealed class ConnectionTimer(TcpConnection connection, Action<TcpConnection> due) : IKernelEvent
    {
        private TimerTicket _entry;

        public int TraceKind => TraceKinds.TcpTimer;

        public bool IsArmed => connection._simulation.IsQueued(_entry);

        public void Schedule(long dueTicks) => _entry = connection._simulation.Arm(_entry, dueTicks, this, 0);

        public void Cancel() => connection._simulation.Cancel(_entry);

        public void Fire(long argument) => due(connection);
    }
}
