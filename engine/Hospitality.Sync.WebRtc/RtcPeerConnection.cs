using System.Globalization;
using System.Net;
using Hospitality.Sync.Ports;
using Hospitality.Sync.WebRtc.DataChannels;
using Hospitality.Sync.WebRtc.Dtls;
using Hospitality.Sync.WebRtc.Ice;
using Hospitality.Sync.WebRtc.Sctp;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.WebRtc;

/// <summary>
/// A data-channel-only RTCPeerConnection: SDP offer/answer, ICE on one socket per host address,
/// DTLS (through <see cref="IDtlsTransportFactory"/>), SCTP and data channels. It reaches the
/// world only through <see cref="RtcPorts"/>, so the same code runs on OS sockets and in the
/// simulator. On the OS, datagrams, timers and DTLS callbacks arrive on other threads than the
/// caller's, so every entry point takes one private lock; in the simulator all run on one thread.
/// </summary>
public sealed class RtcPeerConnection : IAsyncDisposable
{
    /// <summary>DTLS records that arrive before both descriptions are set are kept, up to this many (a ClientHello in two records, retransmitted).</summary>
    private const int EarlyDtlsDatagramsMax = 16;

    /// <summary>SCTP's receive window holds a whole message while it is reassembled, so it is at least twice the largest we accept.</summary>
    private const long ReceiveWindowMaxBytes = uint.MaxValue / 2;

    private readonly object _gate = new();
    private readonly RtcConfiguration _configuration;
    private readonly RtcPorts _ports;
    private readonly DtlsCertificate _certificate;
    private readonly IceCredentials _iceCredentials;
    private readonly string _sessionId;
    private readonly SctpAssociation _sctp;
    private readonly DataChannelTransport _channels;
    private readonly List<IDatagramSocket> _sockets = [];
    private readonly List<IceCandidate> _pendingRemoteCandidates = [];
    private readonly List<(byte[] Bytes, IPEndPoint From)> _earlyDtls = [];
    private readonly CancellationTokenSource _lifetime = new();
    private IceAgent? _ice;
    private IDtlsTransport? _dtls;
    private SessionDescription? _local;
    private RtcSdpType _localType;
    private SessionDescription? _remote;
    private RtcSdpType _remoteType;
    private bool _bound;
    private bool _gatheringReported;
    private bool _timersStarted;
    private bool _closed;
    private CancellationTokenSource? _timerWake;
    private long? _timerDue;
    private DtlsPath? _dtlsPath;

    public RtcPeerConnection(RtcConfiguration configuration, RtcPorts ports)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(ports);
        this._configuration = configuration;
        this._ports = ports;
        _certificate = configuration.Certificate ?? DtlsCertificate.Generate(ports.Random, ports.Time);
        _iceCredentials = IceCredentials.Generate(ports.Random);
        _sessionId = (ports.Random.NextUInt64() >> 2).ToString(CultureInfo.InvariantCulture);
        var window = (uint)Math.Clamp(configuration.MaxMessageSize * 2, new SctpAssociationOptions().ReceiveWindowBytes, ReceiveWindowMaxBytes);
        _sctp = new SctpAssociation(new SctpAssociationOptions { ReceiveWindowBytes = window }, ports.Time, ports.Random, SendSctp);
        _channels = new DataChannelTransport(_sctp, _gate);
        _channels.ChannelOpened += channel => DataChannel?.Invoke(channel);
    }

    /// <summary>Our certificate; its fingerprint is in every description we write.</summary>
    public DtlsCertificate Certificate => _certificate;

    public RtcSessionDescription? LocalDescription
    {
        get
        {
            lock (_gate)
            {
                return _local is null ? null : new RtcSessionDescription(_localType, WithCandidates(_local).ToString());
            }
        }
    }

    public RtcSessionDescription? RemoteDescription
    {
        get
        {
            lock (_gate)
            {
                return _remote is null ? null : new RtcSessionDescription(_remoteType, _remote.ToString());
            }
        }
    }

    public RtcPeerConnectionState ConnectionState { get; private set; }

    /// <summary>The DTLS transport's failure, when <see cref="ConnectionState"/> is Failed because of it.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>A local candidate line (<c>candidate:...</c>) to trickle to the peer; null once gathering is complete.</summary>
    public event Action<string?>? IceCandidate;

    /// <summary>A channel the remote side opened.</summary>
    public event Action<DataChannel>? DataChannel;

    public event Action<RtcPeerConnectionState>? ConnectionStateChanged;

    public RtcStats GetStats()
    {
        lock (_gate)
        {
            var (timeouts, fast) = _sctp.Retransmissions;
            return new RtcStats(timeouts, fast, _sctp.BufferedBytes);
        }
    }

    public Task<RtcSessionDescription> CreateOfferAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfClosed();
            var offer = OfferAnswer.CreateOffer(_sessionId, _iceCredentials, _certificate.Fingerprint, LocalCandidates()) with
            {
                MaxMessageBytes = _configuration.MaxMessageSize,
            };
            return Task.FromResult(new RtcSessionDescription(RtcSdpType.Offer, offer.ToString()));
        }
    }

    /// <exception cref="InvalidOperationException">No remote offer has been set.</exception>
    public Task<RtcSessionDescription> CreateAnswerAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfClosed();
            if (_remote is null || _remoteType != RtcSdpType.Offer)
            {
                throw new InvalidOperationException("an answer needs a remote offer: call SetRemoteDescriptionAsync with the offer first");
            }

            var answer = OfferAnswer.CreateAnswer(_remote, _sessionId, _iceCredentials, _certificate.Fingerprint, LocalCandidates()) with
            {
                MaxMessageBytes = _configuration.MaxMessageSize,
            };
            return Task.FromResult(new RtcSessionDescription(RtcSdpType.Answer, answer.ToString()));
        }
    }

    /// <summary>Takes our offer or answer, binds one socket per host address and gathers host (and server-reflexive) candidates.</summary>
    /// <exception cref="SdpFormatException">The description does not parse.</exception>
    /// <exception cref="InvalidOperationException">An answer without a remote offer, or no host addresses configured.</exception>
    public async Task SetLocalDescriptionAsync(RtcSessionDescription description, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        var parsed = SessionDescription.Parse(description.Sdp);
        lock (_gate)
        {
            ThrowIfClosed();
            if (description.Type == RtcSdpType.Answer && (_remote is null || _remoteType != RtcSdpType.Offer))
            {
                throw new InvalidOperationException("a local answer needs a remote offer first");
            }

            if (_configuration.HostAddresses.Count == 0)
            {
                throw new InvalidOperationException("RtcConfiguration.HostAddresses is empty: name the addresses to gather host candidates on (e.g. 127.0.0.1)");
            }

            // The credentials and fingerprint are ours whatever the text says: munging them would only break the connection.
            _local = parsed with { Ice = _iceCredentials, Fingerprints = [_certificate.Fingerprint], Candidates = [] };
            _localType = description.Type;
            EnsureIce(description.Type == RtcSdpType.Offer ? IceRole.Controlling : IceRole.Controlled);
        }

        await BindAsync(ct);
        Serialized(() =>
        {
            SetUpTransportsIfReady();
            StartTimers();
        });
    }

    /// <summary>Takes the peer's offer or answer (modern or legacy SCTP form); candidates in it are added.</summary>
    /// <exception cref="SdpFormatException">The description does not parse or has no sha-256 fingerprint.</exception>
    public Task SetRemoteDescriptionAsync(RtcSessionDescription description, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(description);
        ct.ThrowIfCancellationRequested();
        var parsed = SessionDescription.Parse(description.Sdp);
        if (parsed.Sha256Fingerprint is null)
        {
            throw new SdpFormatException("the description has no sha-256 fingerprint, so the peer's certificate cannot be checked");
        }

        Serialized(() =>
        {
            ThrowIfClosed();
            if (description.Type == RtcSdpType.Answer && (_local is null || _localType != RtcSdpType.Offer))
            {
                throw new InvalidOperationException("a remote answer needs a local offer first");
            }

            _remote = parsed;
            _remoteType = description.Type;
            var agent = EnsureIce(OfferAnswer.IceRoleOf(isOfferer: description.Type == RtcSdpType.Answer, parsed.IceLite));
            agent.SetRemoteCredentials(parsed.Ice);
            foreach (var candidate in parsed.Candidates.Concat(_pendingRemoteCandidates))
            {
                AddRemote(candidate);
            }

            _pendingRemoteCandidates.Clear();
            SetUpTransportsIfReady();
        });
        return Task.CompletedTask;
    }

    /// <summary>Adds a trickled remote candidate (with or without <c>a=</c>); an empty string ends the candidates; <c>.local</c> names are skipped.</summary>
    /// <exception cref="SdpFormatException">The line is not a candidate.</exception>
    public void AddIceCandidate(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var text = candidate.Trim();
        text = text.StartsWith("a=", StringComparison.Ordinal) ? text[2..] : text;
        if (text.Length == 0 || text == "end-of-candidates")
        {
            return;
        }

        var parsed = Ice.IceCandidate.Parse(text);
        Serialized(() =>
        {
            if (_closed)
            {
                return;
            }

            if (_ice is null || _remote is null)
            {
                _pendingRemoteCandidates.Add(parsed);
                return;
            }

            AddRemote(parsed);
        });
    }

    /// <summary>Creates a channel; it opens once SCTP is up (its id is assigned once the DTLS role is known).</summary>
    public DataChannel CreateDataChannel(string label, DataChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        lock (_gate)
        {
            ThrowIfClosed();
            return _channels.CreateChannel(label, options);
        }
    }

    /// <summary>Closes the channels, aborts SCTP, sends DTLS close_notify, stops ICE and closes the sockets.</summary>
    public async Task CloseAsync()
    {
        IDatagramSocket[] toClose;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            foreach (var channel in _channels.Channels.ToArray())
            {
                channel.Close();
            }

            // No SHUTDOWN handshake: close_notify follows at once, like a browser's close(); ABORT tells the peer now.
            _sctp.Abort("peer connection closed");
            _dtls?.Close();
            _dtls?.Dispose();
            _ice?.Close();
            _closed = true;
            SetState(RtcPeerConnectionState.Closed);
            toClose = [.. _sockets];
            _sockets.Clear();
            Volatile.Write(ref _dtlsPath, null);
        }

        _lifetime.Cancel();
        foreach (var socket in toClose)
        {
            await socket.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _lifetime.Dispose();
    }

    private IReadOnlyList<IceCandidate> LocalCandidates() => _ice is null ? [] : [.. _ice.LocalCandidates];

    private SessionDescription WithCandidates(SessionDescription description) =>
        description with { Candidates = LocalCandidates(), EndOfCandidates = _gatheringReported };

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);

    private IceAgent EnsureIce(IceRole role)
    {
        if (_ice is not null)
        {
            return _ice;
        }

        _ice = new IceAgent(new IceAgentOptions(), _iceCredentials, role, _ports.Time, _ports.Random, SendFrom);
        _ice.StateChanged += _ => UpdateState();
        _ice.SelectedPairChanged += OnSelectedPair;
        _ice.LocalCandidateGathered += candidate => IceCandidate?.Invoke(candidate.ToString());
        return _ice;
    }

    private void AddRemote(IceCandidate candidate)
    {
        // Chromium hides host addresses behind mDNS names; its checks reveal them as peer-reflexive.
        if (!candidate.IsMdnsName)
        {
            _ice!.AddRemoteCandidate(candidate);
        }
    }

    private async Task BindAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_bound)
            {
                return;
            }

            _bound = true;
        }

        var opened = new List<IDatagramSocket>();
        foreach (var address in _configuration.HostAddresses)
        {
            opened.Add(await _ports.Network.BindDatagramAsync(new IPEndPoint(address, 0), ct));
        }

        var gathered = new List<string>();
        bool closedMeanwhile;
        lock (_gate)
        {
            closedMeanwhile = _closed;
            if (!closedMeanwhile)
            {
                foreach (var socket in opened)
                {
                    _sockets.Add(socket);
                    gathered.Add(_ice!.AddLocalHost(socket.LocalEndPoint).ToString());
                }

                foreach (var server in _configuration.IceServers)
                {
                    _ice!.AddStunServer(server);
                }

                // Pairs formed with candidates from an earlier remote offer start checking now that they have a local side.
                if (_remote is not null)
                {
                    _ice!.SetRemoteCredentials(_remote.Ice);
                }
            }
        }

        if (closedMeanwhile)
        {
            foreach (var socket in opened)
            {
                await socket.DisposeAsync();
            }

            return;
        }

        foreach (var socket in opened)
        {
            _ = ReceiveAsync(socket);
        }

        Serialized(() =>
        {
            foreach (var line in gathered)
            {
                IceCandidate?.Invoke(line);
            }

            ReportGatheringIfDone();
        });
    }

    private void ReportGatheringIfDone()
    {
        if (!_gatheringReported && _bound && _ice is { IsGathering: false })
        {
            _gatheringReported = true;
            IceCandidate?.Invoke(null);
        }
    }

    private void SetUpTransportsIfReady()
    {
        if (_dtls is not null || _local is null || _remote is null || !_bound)
        {
            return;
        }

        var isClient = OfferAnswer.IsDtlsClient(_local.Setup, _remote.Setup);
        var transport = _ports.Dtls.Create(new DtlsTransportParameters(
            isClient ? DtlsRole.Client : DtlsRole.Server, _certificate, _remote.Sha256Fingerprint!, SendDtls));
        _dtls = transport;
        transport.StateChanged += state => Serialized(() => OnDtlsState(state));
        transport.DataReceived += data => Serialized(() =>
        {
            if (!_closed)
            {
                _sctp.HandlePacket(data.Span);
            }
        });
        _channels.AssignRole(isClient, _remote.PeerMaxMessageBytes);
        StartDtlsIfReady();
    }

    private void StartDtlsIfReady()
    {
        if (_dtls is not { State: DtlsTransportState.New } transport || _ice?.SelectedPair is null)
        {
            return;
        }

        transport.Start();
        foreach (var (bytes, from) in _earlyDtls)
        {
            if (IsKnownRemote(from))
            {
                transport.HandleDatagram(bytes);
            }
        }

        _earlyDtls.Clear();
        UpdateState();
    }

    private void OnDtlsState(DtlsTransportState state)
    {
        if (_closed)
        {
            return;
        }

        // Like Chromium, both sides start SCTP as soon as DTLS is up; SctpAssociation settles the INIT collision.
        if (state == DtlsTransportState.Connected && _sctp.State == SctpAssociationState.Closed && _sctp.FailureReason is null)
        {
            _sctp.Connect();
        }

        if (state == DtlsTransportState.Failed)
        {
            FailureReason = _dtls?.FailureReason;
        }

        if (state is DtlsTransportState.Failed or DtlsTransportState.Closed && _sctp.State != SctpAssociationState.Closed)
        {
            _sctp.Abort("DTLS " + state);
        }

        UpdateState();
    }

    private void OnDatagram(IPEndPoint receivedOn, Datagram datagram)
    {
        if (_closed || _ice is null)
        {
            return;
        }

        switch (DatagramDemultiplexer.Classify(datagram.Payload.Span))
        {
            case DatagramKind.Stun:
                _ice.HandleStun(datagram.Payload.Span, receivedOn, datagram.RemoteEndPoint);
                ReportGatheringIfDone();
                break;
            case DatagramKind.Dtls when _dtls is { State: not DtlsTransportState.New } transport:
                if (IsKnownRemote(datagram.RemoteEndPoint))
                {
                    transport.HandleDatagram(datagram.Payload.Span);
                }

                break;
            case DatagramKind.Dtls when _earlyDtls.Count < EarlyDtlsDatagramsMax:
                _earlyDtls.Add((datagram.Payload.ToArray(), datagram.RemoteEndPoint));
                break;
            default:
                break;
        }
    }

    /// <summary>DTLS is accepted only from an address ICE has paired with (a validated or candidate path), never from strangers.</summary>
    private bool IsKnownRemote(IPEndPoint from) => _ice is not null && _ice.Pairs.Any(p => p.Remote.Equals(from));

    private void SendFrom(ReadOnlyMemory<byte> bytes, IPEndPoint from, IPEndPoint to)
    {
        var socket = _sockets.FirstOrDefault(s => s.LocalEndPoint.Equals(from));
        if (socket is null)
        {
            return;
        }

        Send(socket, bytes, to);
    }

    /// <summary>
    /// BouncyCastle calls this from its thread, possibly inside its own record-layer lock, while
    /// we may hold ours and wait on that one in Send: so it reads the path without our lock
    /// (a socket send is thread-safe) and cannot deadlock.
    /// </summary>
    private void SendDtls(ReadOnlyMemory<byte> bytes)
    {
        if (Volatile.Read(ref _dtlsPath) is { } path)
        {
            Send(path.Socket, bytes, path.Remote);
        }
    }

    private void OnSelectedPair(IceCandidatePair pair)
    {
        var socket = _sockets.FirstOrDefault(s => s.LocalEndPoint.Equals(pair.Local));
        Volatile.Write(ref _dtlsPath, socket is null ? null : new DtlsPath(socket, pair.Remote));
        StartDtlsIfReady();
    }

    private void SendSctp(byte[] packet)
    {
        if (_dtls is { State: DtlsTransportState.Connected } transport)
        {
            transport.Send(packet);
        }
    }

    private static void Send(IDatagramSocket socket, ReadOnlyMemory<byte> bytes, IPEndPoint to)
    {
        try
        {
            var sending = socket.SendAsync(bytes, to);
            if (!sending.IsCompletedSuccessfully)
            {
                _ = Observe(sending);
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or InvalidOperationException or ArgumentException or IOException)
        {
            // A datagram that cannot leave is a lost datagram; ICE, DTLS and SCTP retransmit.
        }
    }

    private static async Task Observe(ValueTask sending)
    {
        try
        {
            await sending;
        }
        catch (Exception exception) when (exception is ObjectDisposedException or OperationCanceledException or IOException)
        {
        }
    }

    private async Task ReceiveAsync(IDatagramSocket socket)
    {
        var token = _lifetime.Token;
        var receivedOn = socket.LocalEndPoint;
        while (!token.IsCancellationRequested)
        {
            Datagram datagram;
            try
            {
                datagram = await socket.ReceiveAsync(token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            Serialized(() => OnDatagram(receivedOn, datagram));
        }
    }

    private void StartTimers()
    {
        if (!_timersStarted)
        {
            _timersStarted = true;
            _ = RunTimersAsync();
        }
    }

    /// <summary>Sleeps until the earliest ICE, SCTP or DTLS timer; an entry point that arms an earlier one wakes it early.</summary>
    private async Task RunTimersAsync()
    {
        var token = _lifetime.Token;
        while (!token.IsCancellationRequested)
        {
            CancellationTokenSource wake;
            TimeSpan delay;
            lock (_gate)
            {
                _timerDue = NextTimerTimestamp();
                wake = CancellationTokenSource.CreateLinkedTokenSource(token);
                _timerWake = wake;
                delay = _timerDue is { } due ? DelayUntil(due) : Timeout.InfiniteTimeSpan;
            }

            try
            {
                await _ports.Time.Delay(delay, wake.Token);
            }
            catch (OperationCanceledException)
            {
            }

            lock (_gate)
            {
                _timerWake = null;
            }

            wake.Dispose();
            if (!token.IsCancellationRequested)
            {
                Serialized(RunDueTimers);
            }
        }
    }

    /// <summary>
    /// Whole milliseconds, rounded up: timers (the OS's, and the simulator's) have millisecond
    /// resolution, and one that fires a few microseconds early would find nothing due and spin.
    /// </summary>
    private TimeSpan DelayUntil(long due)
    {
        var remaining = _ports.Time.GetElapsedTime(_ports.Time.GetTimestamp(), due);
        return remaining <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds));
    }

    private void RunDueTimers()
    {
        if (_closed)
        {
            return;
        }

        var now = _ports.Time.GetTimestamp();
        if (_ice?.NextTimerTimestamp <= now)
        {
            _ice.HandleTimers();
            ReportGatheringIfDone();
        }

        if (_dtls?.NextTimerTimestamp <= now)
        {
            _dtls.HandleTimers();
        }

        if (_sctp.NextTimerTimestamp <= now)
        {
            _sctp.HandleTimers();
        }
    }

    private long? NextTimerTimestamp()
    {
        long? next = null;
        foreach (var candidate in new[] { _ice?.NextTimerTimestamp, _dtls?.NextTimerTimestamp, _sctp.NextTimerTimestamp })
        {
            if (candidate is { } c && (next is null || c < next))
            {
                next = c;
            }
        }

        return next;
    }

    /// <summary>Runs one entry point under the lock, then wakes the timer loop if the entry armed an earlier timer.</summary>
    private void Serialized(Action action)
    {
        CancellationTokenSource? wake = null;
        lock (_gate)
        {
            action();
            if (_timerWake is not null && NextTimerTimestamp() is { } next && (_timerDue is null || next < _timerDue))
            {
                wake = _timerWake;
                _timerWake = null;
            }
        }

        try
        {
            wake?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop woke by itself meanwhile and re-reads the timers anyway.
        }
    }

    private void UpdateState()
    {
        if (_closed)
        {
            return;
        }

        var iceState = _ice?.State ?? IceConnectionState.New;
        var dtlsState = _dtls?.State ?? DtlsTransportState.New;
        var state = (iceState, dtlsState) switch
        {
            (IceConnectionState.Failed, _) or (_, DtlsTransportState.Failed) => RtcPeerConnectionState.Failed,
            (_, DtlsTransportState.Closed) => RtcPeerConnectionState.Closed,
            (IceConnectionState.Disconnected, _) => RtcPeerConnectionState.Disconnected,
            (IceConnectionState.Connected, DtlsTransportState.Connected) => RtcPeerConnectionState.Connected,
            (IceConnectionState.Checking or IceConnectionState.Connected, _) or (_, DtlsTransportState.Connecting) => RtcPeerConnectionState.Connecting,
            _ => RtcPeerConnectionState.New,
        };
        SetState(state);
    }

    private void SetState(RtcPeerConnectionState state)
    {
        if (ConnectionState == state)
        {
            return;
        }

        ConnectionState = state;
        ConnectionStateChanged?.Invoke(state);
    }

    /// <summary>Where DTLS records go: the selected pair's socket and remote address.</summary>
    private sealed record DtlsPath(IDatagramSocket Socket, IPEndPoint Remote);
}
