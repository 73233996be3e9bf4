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

    private readonly object gate = new();
    private readonly RtcConfiguration configuration;
    private readonly RtcPorts ports;
    private readonly DtlsCertificate certificate;
    private readonly IceCredentials iceCredentials;
    private readonly string sessionId;
    private readonly SctpAssociation sctp;
    private readonly DataChannelTransport channels;
    private readonly List<IDatagramSocket> sockets = [];
    private readonly List<IceCandidate> pendingRemoteCandidates = [];
    private readonly List<(byte[] Bytes, IPEndPoint From)> earlyDtls = [];
    private readonly CancellationTokenSource lifetime = new();
    private IceAgent? ice;
    private IDtlsTransport? dtls;
    private SessionDescription? local;
    private RtcSdpType localType;
    private SessionDescription? remote;
    private RtcSdpType remoteType;
    private bool bound;
    private bool gatheringReported;
    private bool timersStarted;
    private bool closed;
    private CancellationTokenSource? timerWake;
    private long? timerDue;
    private DtlsPath? dtlsPath;

    public RtcPeerConnection(RtcConfiguration configuration, RtcPorts ports)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(ports);
        this.configuration = configuration;
        this.ports = ports;
        certificate = configuration.Certificate ?? DtlsCertificate.Generate(ports.Random, ports.Time);
        iceCredentials = IceCredentials.Generate(ports.Random);
        sessionId = (ports.Random.NextUInt64() >> 2).ToString(CultureInfo.InvariantCulture);
        var window = (uint)Math.Clamp(configuration.MaxMessageSize * 2, new SctpAssociationOptions().ReceiveWindowBytes, ReceiveWindowMaxBytes);
        sctp = new SctpAssociation(new SctpAssociationOptions { ReceiveWindowBytes = window }, ports.Time, ports.Random, SendSctp);
        channels = new DataChannelTransport(sctp, gate);
        channels.ChannelOpened += channel => DataChannel?.Invoke(channel);
    }

    /// <summary>Our certificate; its fingerprint is in every description we write.</summary>
    public DtlsCertificate Certificate => certificate;

    public RtcSessionDescription? LocalDescription
    {
        get
        {
            lock (gate)
            {
                return local is null ? null : new RtcSessionDescription(localType, WithCandidates(local).ToString());
            }
        }
    }

    public RtcSessionDescription? RemoteDescription
    {
        get
        {
            lock (gate)
            {
                return remote is null ? null : new RtcSessionDescription(remoteType, remote.ToString());
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
        lock (gate)
        {
            var (timeouts, fast) = sctp.Retransmissions;
            return new RtcStats(timeouts, fast, sctp.BufferedBytes);
        }
    }

    public Task<RtcSessionDescription> CreateOfferAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            ThrowIfClosed();
            var offer = OfferAnswer.CreateOffer(sessionId, iceCredentials, certificate.Fingerprint, LocalCandidates()) with
            {
                MaxMessageBytes = configuration.MaxMessageSize,
            };
            return Task.FromResult(new RtcSessionDescription(RtcSdpType.Offer, offer.ToString()));
        }
    }

    /// <exception cref="InvalidOperationException">No remote offer has been set.</exception>
    public Task<RtcSessionDescription> CreateAnswerAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (gate)
        {
            ThrowIfClosed();
            if (remote is null || remoteType != RtcSdpType.Offer)
            {
                throw new InvalidOperationException("an answer needs a remote offer: call SetRemoteDescriptionAsync with the offer first");
            }

            var answer = OfferAnswer.CreateAnswer(remote, sessionId, iceCredentials, certificate.Fingerprint, LocalCandidates()) with
            {
                MaxMessageBytes = configuration.MaxMessageSize,
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
        lock (gate)
        {
            ThrowIfClosed();
            if (description.Type == RtcSdpType.Answer && (remote is null || remoteType != RtcSdpType.Offer))
            {
                throw new InvalidOperationException("a local answer needs a remote offer first");
            }

            if (configuration.HostAddresses.Count == 0)
            {
                throw new InvalidOperationException("RtcConfiguration.HostAddresses is empty: name the addresses to gather host candidates on (e.g. 127.0.0.1)");
            }

            // The credentials and fingerprint are ours whatever the text says: munging them would only break the connection.
            local = parsed with { Ice = iceCredentials, Fingerprints = [certificate.Fingerprint], Candidates = [] };
            localType = description.Type;
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
            if (description.Type == RtcSdpType.Answer && (local is null || localType != RtcSdpType.Offer))
            {
                throw new InvalidOperationException("a remote answer needs a local offer first");
            }

            remote = parsed;
            remoteType = description.Type;
            var agent = EnsureIce(OfferAnswer.IceRoleOf(isOfferer: description.Type == RtcSdpType.Answer, parsed.IceLite));
            agent.SetRemoteCredentials(parsed.Ice);
            foreach (var candidate in parsed.Candidates.Concat(pendingRemoteCandidates))
            {
                AddRemote(candidate);
            }

            pendingRemoteCandidates.Clear();
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
            if (closed)
            {
                return;
            }

            if (ice is null || remote is null)
            {
                pendingRemoteCandidates.Add(parsed);
                return;
            }

            AddRemote(parsed);
        });
    }

    /// <summary>Creates a channel; it opens once SCTP is up (its id is assigned once the DTLS role is known).</summary>
    public DataChannel CreateDataChannel(string label, DataChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        lock (gate)
        {
            ThrowIfClosed();
            return channels.CreateChannel(label, options);
        }
    }

    /// <summary>Closes the channels, aborts SCTP, sends DTLS close_notify, stops ICE and closes the sockets.</summary>
    public async Task CloseAsync()
    {
        IDatagramSocket[] toClose;
        lock (gate)
        {
            if (closed)
            {
                return;
            }

            foreach (var channel in channels.Channels.ToArray())
            {
                channel.Close();
            }

            // No SHUTDOWN handshake: close_notify follows at once, like a browser's close(); ABORT tells the peer now.
            sctp.Abort("peer connection closed");
            dtls?.Close();
            dtls?.Dispose();
            ice?.Close();
            closed = true;
            SetState(RtcPeerConnectionState.Closed);
            toClose = [.. sockets];
            sockets.Clear();
            Volatile.Write(ref dtlsPath, null);
        }

        lifetime.Cancel();
        foreach (var socket in toClose)
        {
            await socket.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        lifetime.Dispose();
    }

    private IReadOnlyList<IceCandidate> LocalCandidates() => ice is null ? [] : [.. ice.LocalCandidates];

    private SessionDescription WithCandidates(SessionDescription description) =>
        description with { Candidates = LocalCandidates(), EndOfCandidates = gatheringReported };

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(closed, this);

    private IceAgent EnsureIce(IceRole role)
    {
        if (ice is not null)
        {
            return ice;
        }

        ice = new IceAgent(new IceAgentOptions(), iceCredentials, role, ports.Time, ports.Random, SendFrom);
        ice.StateChanged += _ => UpdateState();
        ice.SelectedPairChanged += OnSelectedPair;
        ice.LocalCandidateGathered += candidate => IceCandidate?.Invoke(candidate.ToString());
        return ice;
    }

    private void AddRemote(IceCandidate candidate)
    {
        // Chromium hides host addresses behind mDNS names; its checks reveal them as peer-reflexive.
        if (!candidate.IsMdnsName)
        {
            ice!.AddRemoteCandidate(candidate);
        }
    }

    private async Task BindAsync(CancellationToken ct)
    {
        lock (gate)
        {
            if (bound)
            {
                return;
            }

            bound = true;
        }

        var opened = new List<IDatagramSocket>();
        foreach (var address in configuration.HostAddresses)
        {
            opened.Add(await ports.Network.BindDatagramAsync(new IPEndPoint(address, 0), ct));
        }

        var gathered = new List<string>();
        bool closedMeanwhile;
        lock (gate)
        {
            closedMeanwhile = closed;
            if (!closedMeanwhile)
            {
                foreach (var socket in opened)
                {
                    sockets.Add(socket);
                    gathered.Add(ice!.AddLocalHost(socket.LocalEndPoint).ToString());
                }

                foreach (var server in configuration.IceServers)
                {
                    ice!.AddStunServer(server);
                }

                // Pairs formed with candidates from an earlier remote offer start checking now that they have a local side.
                if (remote is not null)
                {
                    ice!.SetRemoteCredentials(remote.Ice);
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
        if (!gatheringReported && bound && ice is { IsGathering: false })
        {
            gatheringReported = true;
            IceCandidate?.Invoke(null);
        }
    }

    private void SetUpTransportsIfReady()
    {
        if (dtls is not null || local is null || remote is null || !bound)
        {
            return;
        }

        var isClient = OfferAnswer.IsDtlsClient(local.Setup, remote.Setup);
        var transport = ports.Dtls.Create(new DtlsTransportParameters(
            isClient ? DtlsRole.Client : DtlsRole.Server, certificate, remote.Sha256Fingerprint!, SendDtls));
        dtls = transport;
        transport.StateChanged += state => Serialized(() => OnDtlsState(state));
        transport.DataReceived += data => Serialized(() =>
        {
            if (!closed)
            {
                sctp.HandlePacket(data.Span);
            }
        });
        channels.AssignRole(isClient, remote.PeerMaxMessageBytes);
        StartDtlsIfReady();
    }

    private void StartDtlsIfReady()
    {
        if (dtls is not { State: DtlsTransportState.New } transport || ice?.SelectedPair is null)
        {
            return;
        }

        transport.Start();
        foreach (var (bytes, from) in earlyDtls)
        {
            if (IsKnownRemote(from))
            {
                transport.HandleDatagram(bytes);
            }
        }

        earlyDtls.Clear();
        UpdateState();
    }

    private void OnDtlsState(DtlsTransportState state)
    {
        if (closed)
        {
            return;
        }

        // Like Chromium, both sides start SCTP as soon as DTLS is up; SctpAssociation settles the INIT collision.
        if (state == DtlsTransportState.Connected && sctp.State == SctpAssociationState.Closed && sctp.FailureReason is null)
        {
            sctp.Connect();
        }

        if (state == DtlsTransportState.Failed)
        {
            FailureReason = dtls?.FailureReason;
        }

        if (state is DtlsTransportState.Failed or DtlsTransportState.Closed && sctp.State != SctpAssociationState.Closed)
        {
            sctp.Abort("DTLS " + state);
        }

        UpdateState();
    }

    private void OnDatagram(IPEndPoint receivedOn, Datagram datagram)
    {
        if (closed || ice is null)
        {
            return;
        }

        switch (DatagramDemultiplexer.Classify(datagram.Payload.Span))
        {
            case DatagramKind.Stun:
                ice.HandleStun(datagram.Payload.Span, receivedOn, datagram.RemoteEndPoint);
                ReportGatheringIfDone();
                break;
            case DatagramKind.Dtls when dtls is { State: not DtlsTransportState.New } transport:
                if (IsKnownRemote(datagram.RemoteEndPoint))
                {
                    transport.HandleDatagram(datagram.Payload.Span);
                }

                break;
            case DatagramKind.Dtls when earlyDtls.Count < EarlyDtlsDatagramsMax:
                earlyDtls.Add((datagram.Payload.ToArray(), datagram.RemoteEndPoint));
                break;
            default:
                break;
        }
    }

    /// <summary>DTLS is accepted only from an address ICE has paired with (a validated or candidate path), never from strangers.</summary>
    private bool IsKnownRemote(IPEndPoint from) => ice is not null && ice.Pairs.Any(p => p.Remote.Equals(from));

    private void SendFrom(ReadOnlyMemory<byte> bytes, IPEndPoint from, IPEndPoint to)
    {
        var socket = sockets.FirstOrDefault(s => s.LocalEndPoint.Equals(from));
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
        if (Volatile.Read(ref dtlsPath) is { } path)
        {
            Send(path.Socket, bytes, path.Remote);
        }
    }

    private void OnSelectedPair(IceCandidatePair pair)
    {
        var socket = sockets.FirstOrDefault(s => s.LocalEndPoint.Equals(pair.Local));
        Volatile.Write(ref dtlsPath, socket is null ? null : new DtlsPath(socket, pair.Remote));
        StartDtlsIfReady();
    }

    private void SendSctp(byte[] packet)
    {
        if (dtls is { State: DtlsTransportState.Connected } transport)
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
        var token = lifetime.Token;
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
        if (!timersStarted)
        {
            timersStarted = true;
            _ = RunTimersAsync();
        }
    }

    /// <summary>Sleeps until the earliest ICE, SCTP or DTLS timer; an entry point that arms an earlier one wakes it early.</summary>
    private async Task RunTimersAsync()
    {
        var token = lifetime.Token;
        while (!token.IsCancellationRequested)
        {
            CancellationTokenSource wake;
            TimeSpan delay;
            lock (gate)
            {
                timerDue = NextTimerTimestamp();
                wake = CancellationTokenSource.CreateLinkedTokenSource(token);
                timerWake = wake;
                delay = timerDue is { } due ? DelayUntil(due) : Timeout.InfiniteTimeSpan;
            }

            try
            {
                await ports.Time.Delay(delay, wake.Token);
            }
            catch (OperationCanceledException)
            {
            }

            lock (gate)
            {
                timerWake = null;
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
        var remaining = ports.Time.GetElapsedTime(ports.Time.GetTimestamp(), due);
        return remaining <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds));
    }

    private void RunDueTimers()
    {
        if (closed)
        {
            return;
        }

        var now = ports.Time.GetTimestamp();
        if (ice?.NextTimerTimestamp <= now)
        {
            ice.HandleTimers();
            ReportGatheringIfDone();
        }

        if (dtls?.NextTimerTimestamp <= now)
        {
            dtls.HandleTimers();
        }

        if (sctp.NextTimerTimestamp <= now)
        {
            sctp.HandleTimers();
        }
    }

    private long? NextTimerTimestamp()
    {
        long? next = null;
        foreach (var candidate in new[] { ice?.NextTimerTimestamp, dtls?.NextTimerTimestamp, sctp.NextTimerTimestamp })
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
        lock (gate)
        {
            action();
            if (timerWake is not null && NextTimerTimestamp() is { } next && (timerDue is null || next < timerDue))
            {
                wake = timerWake;
                timerWake = null;
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
        if (closed)
        {
            return;
        }

        var iceState = ice?.State ?? IceConnectionState.New;
        var dtlsState = dtls?.State ?? DtlsTransportState.New;
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
