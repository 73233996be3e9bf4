using System.Net;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Ports;
using Hospitality.Sync.RunLoop;
using Hospitality.Sync.Signaling;
using Hospitality.Sync.WebRtc.DataChannels;
using Hospitality.Sync.WebRtc.Dtls;
using Hospitality.Sync.WebRtc.Sdp;

namespace Hospitality.Sync.WebRtc.Peers;

/// <summary>
/// The seed's <c>createWebRTCPeer</c>: joins its property's room on the nearest reachable
/// signaling server, links to a bounded, deterministic set of the room's peers (<see cref="MeshPlan"/>)
/// over <see cref="RtcPeerConnection"/> data channels, sends to one peer or to all, and reconnects
/// with capped, jittered backoff when signaling or a link is lost. Open links keep working while
/// signaling is down. A peer that cannot be reached directly (client isolation) is given up after
/// <see cref="WebRtcPeerOptions.LinkAttemptsMax"/> attempts and reported, with the reason.
/// With <see cref="WebRtcPeerOptions.DirectSignaling"/>, a device whose servers do not answer signals
/// directly to the devices of its property on its segment (found through their mDNS peer records),
/// and back through a server once one answers; each signal to a peer goes the way that peer last spoke.
/// It runs on one run loop and holds no lock: call it on the loop <see cref="ConnectAsync"/> was called on,
/// and give it ports that deliver there (in production a DTLS factory given the loop's context); work that
/// arrives on another thread is refused, and <see cref="DisposeAsync"/> reports it.
/// </summary>
public sealed class WebRtcPeer : IPeerMesh, IAsyncDisposable
{
    private readonly WebRtcPeerOptions _options;
    private readonly RtcPorts _ports;
    private readonly RtcConfiguration _rtc;
    private readonly CancellationTokenSource _stopping = new();

    // Ordinal-ordered: which links exist, and in which order events and broadcasts visit them, never depend on hashing.
    private readonly SortedDictionary<string, PeerLink> _links = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _failedAttempts = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _unavailable = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<bool> _firstRound = new();
    private readonly SignalingTraffic _traffic = new();
    private readonly DirectSignaling? _direct;
    private readonly RunLoopAffinity _loop;

    // Peers whose last signal or join came device to device: answers go back the same way, even while a (stale) server connection is up.
    private readonly SortedSet<string> _heardDirect = new(StringComparer.Ordinal);
    private SignalingClient? _signaling;
    private bool _fallback;
    private Task _running = Task.CompletedTask;
    private Action<string, ReadOnlyMemory<byte>>? _meshMessage;

    public WebRtcPeer(WebRtcPeerOptions options, RtcPorts ports)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ports);
        var direct = options.DirectSignaling is not null && options.Discovery is not null;
        if (!SignalCodec.IsValidId(options.PropertyId) || !SignalCodec.IsValidId(options.DeviceId) || (options.SignalingServers.Count == 0 && !direct) || options.MaxLinks < 2 || options.LinkAttemptsMax < 1)
        {
            throw new ArgumentException("A peer needs valid property and device ids, at least one signaling server or direct signaling (with discovery), at least 2 links and at least 1 link attempt.", nameof(options));
        }

        if ((options.DirectSignaling is null) != (options.Discovery is null))
        {
            throw new ArgumentException("Direct signaling needs both DirectSignaling (its listener) and Discovery (the device's mDNS).", nameof(options));
        }

        _options = options;
        _ports = ports;
        _loop = new RunLoopAffinity($"WebRtcPeer {options.DeviceId}");

        // One certificate per device, not per link: key generation is the costly part of a connection.
        _rtc = options.Rtc.Certificate is null ? options.Rtc with { Certificate = DtlsCertificate.Generate(ports.Random, ports.Time) } : options.Rtc;
        if (direct)
        {
            var instance = ports.Random.NextUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            _direct = new DirectSignaling(ports.Network, ports.Time, options.Discovery!, options.PropertyId, options.DeviceId, instance, options.AccessToken, options.DirectSignaling!, _traffic);
            _direct.PeerJoined += peer =>
            {
                _loop.Check("a device found by direct signaling");
                // Found (or found again after a restart, whose stale link PeerRestarted dropped): a fresh chance. A link
                // already under way stays: the peer may have greeted this device before its record arrived and be answering it.
                _unavailable.Remove(peer);
                _failedAttempts.Remove(peer);
                PlanLinks();
            };
            _direct.PeerRestarted += peer =>
            {
                _loop.Check("a device's restart");
                // Its server session, if any, is its previous life's: speak to it directly until a server says it joined again.
                _heardDirect.Add(peer);
                if (_links.TryGetValue(peer, out var stale))
                {
                    Drop(stale, "the peer restarted", countFailure: false);
                }
            };
            _direct.PeerGreeted += peer =>
            {
                _loop.Check("a direct greeting");
                _heardDirect.Add(peer);
                PlanLinks();
            };
            _direct.PeerLeft += peer =>
            {
                _loop.Check("a device leaving direct signaling");
                _heardDirect.Remove(peer);
                PlanLinks();
            };
            _direct.Signal += message =>
            {
                _loop.Check("a direct signal");
                _heardDirect.Add(Sender(message));
                _ = OnSignalAsync(message);
            };
        }
    }

    /// <summary>A peer's channel opened (the seed's <c>peer-connected</c>).</summary>
    public event Action<string>? PeerJoined;

    /// <summary>A peer's channel closed or its connection failed.</summary>
    public event Action<string>? PeerLeft;

    public event Action<PeerMessage>? MessageReceived;

    event Action<string>? IPeerMesh.PeerLinked
    {
        add => PeerJoined += value;
        remove => PeerJoined -= value;
    }

    event Action<string, ReadOnlyMemory<byte>>? IPeerMesh.MessageReceived
    {
        add => _meshMessage += value;
        remove => _meshMessage -= value;
    }

    /// <summary>A peer could not be reached directly after the allowed attempts: (peer, why). The servers carry its data.</summary>
    public event Action<string, string>? PeerUnavailable;

    public string DeviceId => _options.DeviceId;

    public string PropertyId => _options.PropertyId;

    /// <summary>Peers with an open channel, in ordinal order.</summary>
    public IReadOnlyList<string> Peers => _links.Values.Where(link => link.IsOpen).Select(link => link.PeerId).ToList();

    /// <summary>Peers given up on since they last joined, in ordinal order.</summary>
    public IReadOnlyCollection<string> UnavailablePeers => _unavailable;

    public bool IsSignalingConnected => _signaling is not null;

    /// <summary>Whether signaling goes device to device now: no server answered (direct signaling configured).</summary>
    public bool IsSignalingDirect => _fallback;

    /// <summary>Answers and candidates ignored because they belong to an abandoned connection attempt to their sender.</summary>
    public int StaleSignalsIgnored { get; private set; }

    /// <summary>Times this device fell back to direct signaling because no server answered.</summary>
    public int DirectSignalingFallbacks { get; private set; }

    /// <summary>Signaling messages and bytes this device sent and received, over a server and directly.</summary>
    public SignalingTraffic SignalingTraffic => _traffic;

    /// <summary>Offers, answers and candidates that reached this device directly from another device.</summary>
    public long DirectSignalsReceived => _direct?.MessagesDelivered ?? 0;

    /// <summary>The signaling server in use, or null while none answers.</summary>
    public IPEndPoint? SignalingServer { get; private set; }

    /// <summary>Successful joins after the first (the signaling connection was lost and came back).</summary>
    public int SignalingReconnects { get; private set; }

    /// <summary>Why the last signaling attempt failed, for reports.</summary>
    public string? LastSignalingError { get; private set; }

    public int LinksOpened { get; private set; }

    public int LinksFailed { get; private set; }

    /// <summary>
    /// Starts the peer (and its direct-signaling listener); true once joined to a signaling server, false
    /// if none answered on the first round (it keeps trying, and signals directly meanwhile when configured).
    /// </summary>
    public async Task<bool> ConnectAsync(CancellationToken cancellationToken = default)
    {
        _loop.Bind();
        if (_direct is { IsStarted: false } direct)
        {
            await direct.StartAsync(cancellationToken);
        }

        if (_running.IsCompleted)
        {
            _running = RunSignalingAsync(_stopping.Token);
        }

        return await _firstRound.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends to one peer (the seed's <c>sendToPeer</c>); false when no channel to it is open.</summary>
    public async ValueTask<bool> SendAsync(string peerId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        _loop.Check("a send");
        if (!_links.TryGetValue(peerId, out var link) || link.Channel is not { State: DataChannelState.Open } channel)
        {
            return false;
        }

        await PaceAsync(channel, cancellationToken);
        if (channel.State != DataChannelState.Open)
        {
            return false;
        }

        channel.Send(message);
        return true;
    }

    /// <summary>Sends to every peer with an open channel (the seed's <c>broadcast</c>); returns how many it reached.</summary>
    public async ValueTask<int> BroadcastAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var sent = 0;
        foreach (var peer in Peers)
        {
            sent += await SendAsync(peer, message, cancellationToken) ? 1 : 0;
        }

        return sent;
    }

    /// <summary>Closes every link and signaling; throws after that if some work arrived off the peer's run loop (it was refused).</summary>
    public async ValueTask DisposeAsync()
    {
        _loop.Check("its disposal");
        _stopping.Cancel();
        if (_signaling is { } signaling)
        {
            await signaling.DisposeAsync();
        }

        if (_direct is not null)
        {
            await _direct.DisposeAsync();
        }

        foreach (var link in _links.Values.ToList())
        {
            link.IsDropped = true;
            await link.Connection.DisposeAsync();
        }

        _links.Clear();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _firstRound.TrySetResult(false);
        if (_loop.Violation is { } violation)
        {
            throw new InvalidOperationException(violation);
        }
    }

    private async Task RunSignalingAsync(CancellationToken stopping)
    {
        var failures = 0;
        var joins = 0;
        if (_options.SignalingServers.Count == 0)
        {
            SetFallback(true);
            _firstRound.TrySetResult(false);
            return;
        }

        while (!stopping.IsCancellationRequested)
        {
            var client = await JoinNearestAsync(stopping);
            SetFallback(client is null);
            _firstRound.TrySetResult(client is not null);
            if (client is not null)
            {
                failures = 0;
                SignalingReconnects += joins++ > 0 ? 1 : 0;
                await ServeSignalingAsync(client, stopping);
                SetFallback(!stopping.IsCancellationRequested);
            }

            await _ports.Time.Delay(Backoff(failures++), stopping);
        }
    }

    private async Task<SignalingClient?> JoinNearestAsync(CancellationToken stopping)
    {
        foreach (var server in _options.SignalingServers)
        {
            using var deadline = new CancellationTokenSource(_options.SignalingConnectTimeout, _ports.Time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping, deadline.Token);
            try
            {
                // Attached before the client reads: an offer right behind the peer list must find its handler.
                var client = await SignalingClient.ConnectAsync(_ports.Network, server, _options.PropertyId, _options.DeviceId, _options.AccessToken, _traffic, attempt.Token, joined => Attach(joined, server));
                return client;
            }
            catch (Exception exception) when (exception is NetworkConnectionException or SignalingRefusedException || (exception is OperationCanceledException && !stopping.IsCancellationRequested))
            {
                LastSignalingError = $"{server}: {exception.Message}";
            }
        }

        return null;
    }

    /// <summary>The joined client becomes this device's signaling, its events handled from its first message on.</summary>
    private void Attach(SignalingClient client, IPEndPoint server)
    {
        _signaling = client;
        SignalingServer = server;
        client.PeerJoined += peer =>
        {
            _loop.Check("a peer joining on the server");
            _heardDirect.Remove(peer);
            OnPeerJoined(peer);
        };
        client.PeerLeft += _ => PlanLinks();
        client.Signal += message =>
        {
            _loop.Check("a signal from the server");
            _heardDirect.Remove(Sender(message));
            _ = OnSignalAsync(message);
        };
    }

    private async Task ServeSignalingAsync(SignalingClient client, CancellationToken stopping)
    {
        PlanLinks();
        try
        {
            await client.Closed.WaitAsync(stopping);
        }
        finally
        {
            _signaling = null;
            SignalingServer = null;
            await client.DisposeAsync();
        }
    }

    private void OnPeerJoined(string peer)
    {
        // A peer that comes back gets a fresh chance, and its old connection (if any) is stale.
        _unavailable.Remove(peer);
        _failedAttempts.Remove(peer);
        if (_links.TryGetValue(peer, out var stale) && !stale.IsOpen)
        {
            Drop(stale, "the peer rejoined", countFailure: false);
        }

        PlanLinks();
    }

    /// <summary>Signals directly while no server answers (greeting the planned neighbours), and through a server once one does.</summary>
    private void SetFallback(bool on)
    {
        if (_direct is null || _fallback == on)
        {
            return;
        }

        _fallback = on;
        DirectSignalingFallbacks += on ? 1 : 0;
        PlanLinks();
    }

    /// <summary>Some path can carry a signal: a server, or devices that signal directly.</summary>
    private bool CanSignal => _signaling is not null || (_direct is not null && (_fallback || _heardDirect.Count > 0));

    /// <summary>The room: the server's peers, peers that signal directly, and every device found on the segment while no server answers.</summary>
    private SortedSet<string> RoomPeers()
    {
        var room = new SortedSet<string>(StringComparer.Ordinal);
        if (_signaling is { } signaling)
        {
            room.UnionWith(signaling.Peers);
        }

        if (_direct is { } direct)
        {
            room.UnionWith(_heardDirect.Where(direct.Knows));
            if (_fallback)
            {
                room.UnionWith(direct.Peers);
            }
        }

        return room;
    }

    /// <summary>Sends a signal the way its addressee last spoke: directly when it did (or when no server is joined), else through the server.</summary>
    private async ValueTask SignalAsync(SignalMessage message)
    {
        var to = Recipient(message);
        if (_direct is { } direct && direct.Knows(to) && (_signaling is null || _heardDirect.Contains(to) || !_signaling.Peers.Contains(to)))
        {
            await direct.SendAsync(message);
        }
        else if (_signaling is { } signaling)
        {
            await signaling.SendAsync(message);
        }
        else if (_direct is { } waiting && _fallback)
        {
            // Not found yet: direct signaling holds it (bounded) until the peer's record arrives.
            await waiting.SendAsync(message);
        }
        else
        {
            throw new NetworkConnectionException(ConnectionFailure.Unreachable, $"no signaling path to '{to}'");
        }
    }

    /// <summary>Offers to the planned neighbours this device should offer to; the other side of each link offers itself.</summary>
    private void PlanLinks()
    {
        _loop.Check("planning links");
        if (!CanSignal)
        {
            return;
        }

        var room = RoomPeers();
        var neighbours = MeshPlan.Neighbours(DeviceId, room, _options.MaxLinks);

        // The room grew past a full mesh: links beyond the plan go. A link to a peer missing from the room stays while it works (its signaling may be what failed).
        foreach (var extra in _links.Values.Where(link => room.Contains(link.PeerId) && !neighbours.Contains(link.PeerId)).ToList())
        {
            Drop(extra, "no longer a planned neighbour", countFailure: false);
        }

        foreach (var peer in neighbours)
        {
            // Without a server, the neighbours hear from this device at once (also those that will offer to it), so they answer it directly.
            if (_fallback && _direct is { } direct && direct.Knows(peer))
            {
                direct.Greet(peer);
            }

            if (!_links.ContainsKey(peer) && !_unavailable.Contains(peer) && string.CompareOrdinal(DeviceId, peer) > 0)
            {
                _ = OfferAsync(peer);
            }
        }
    }

    private async Task OfferAsync(string peer)
    {
        // Drawn, not counted: a restarted peer's sessions must not repeat its previous life's, whose answers may still be on the way.
        var link = NewLink(peer, isOfferer: true, _ports.Random.NextUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        var channel = link.Connection.CreateDataChannel(_options.ChannelLabel);
        Watch(link, channel);
        try
        {
            var offer = await link.Connection.CreateOfferAsync();
            await link.Connection.SetLocalDescriptionAsync(offer);
            if (!CanSignal)
            {
                Drop(link, "signaling was lost before the offer was sent", countFailure: false);
                return;
            }

            await SignalAsync(new OfferMessage("", peer, link.Connection.LocalDescription?.Sdp ?? offer.Sdp, link.Session));
            await FlushCandidatesAsync(link);
        }
        catch (Exception exception) when (exception is NetworkConnectionException or SdpFormatException or InvalidOperationException or ObjectDisposedException)
        {
            Drop(link, $"the offer failed: {exception.Message}", countFailure: true);
        }
    }

    private async Task OnSignalAsync(SignalMessage message)
    {
        _loop.Check("a signal");
        try
        {
            switch (message)
            {
                case OfferMessage offer:
                    await AnswerAsync(offer);
                    break;
                case AnswerMessage or IceCandidateMessage when !IsOfCurrentLink(message):
                    StaleSignalsIgnored++;
                    break;
                case AnswerMessage answer when _links.TryGetValue(answer.From, out var link) && link.IsOfferer && link.Connection.RemoteDescription is null:
                    await link.Connection.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, answer.Sdp));
                    break;
                case IceCandidateMessage candidate when _links.TryGetValue(candidate.From, out var link):
                    link.Connection.AddIceCandidate(candidate.Candidate);
                    break;
            }
        }
        catch (Exception exception) when (exception is SdpFormatException or InvalidOperationException or NetworkConnectionException or ObjectDisposedException)
        {
            // A peer is trusted no more than a server: a bad description or candidate fails only its own link.
            if (message is OfferMessage or AnswerMessage or IceCandidateMessage && IsOfCurrentLink(message) && _links.TryGetValue(Sender(message), out var link))
            {
                Drop(link, $"bad signaling from the peer: {exception.Message}", countFailure: true);
            }
        }
    }

    private async Task AnswerAsync(OfferMessage offer)
    {
        if (_links.TryGetValue(offer.From, out var previous))
        {
            // The other side restarted its link (it failed there first, or it restarted): ours is stale.
            Drop(previous, "the peer offered a new connection", countFailure: false);
        }

        if (_links.Count >= 2 * _options.MaxLinks)
        {
            // Views of the room differ for a moment; beyond twice the plan, refuse rather than grow without bound.
            return;
        }

        var link = NewLink(offer.From, isOfferer: false, offer.Session);
        link.Connection.DataChannel += channel => Watch(link, channel);
        await link.Connection.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, offer.Sdp));
        var answer = await link.Connection.CreateAnswerAsync();
        await link.Connection.SetLocalDescriptionAsync(answer);
        if (CanSignal)
        {
            await SignalAsync(new AnswerMessage("", offer.From, link.Connection.LocalDescription?.Sdp ?? answer.Sdp, link.Session));
            await FlushCandidatesAsync(link);
        }
    }

    private PeerLink NewLink(string peer, bool isOfferer, string? session)
    {
        _loop.Check("a new link");
        var link = new PeerLink(peer, new RtcPeerConnection(_rtc, _ports), isOfferer, session);
        _links[peer] = link;
        link.Connection.IceCandidate += line =>
        {
            _loop.Check("an ICE candidate gathered");
            if (link.CandidatesBeforeDescription is { } waiting)
            {
                waiting.Add(line ?? "");
            }
            else if (CanSignal && !link.IsDropped)
            {
                _ = SendQuietlyAsync(new IceCandidateMessage("", peer, line ?? "", link.Session));
            }
        };
        link.Connection.ConnectionStateChanged += state =>
        {
            _loop.Check("a connection state change");
            if (state is RtcPeerConnectionState.Failed or RtcPeerConnectionState.Closed)
            {
                Drop(link, link.Connection.FailureReason ?? $"the connection is {state}", countFailure: !link.IsOpen);
            }
        };
        _ = ExpireAsync(link);
        return link;
    }

    private void Watch(PeerLink link, DataChannel channel)
    {
        void Open(DataChannel opened)
        {
            _loop.Check("a data channel opening");
            if (link.IsDropped || link.Channel is not null)
            {
                return;
            }

            link.Channel = opened;
            opened.BufferedAmountLowThreshold = _options.SendBufferBytesMax / 2;
            _failedAttempts.Remove(link.PeerId);
            LinksOpened++;
            PeerJoined?.Invoke(link.PeerId);
        }

        // The answerer is handed its channel already open (DCEP's open arrived): no Opened event follows.
        channel.Opened += Open;
        if (channel.State == DataChannelState.Open)
        {
            Open(channel);
        }

        channel.MessageReceived += message =>
        {
            _loop.Check("a data-channel message");
            if (!link.IsDropped)
            {
                MessageReceived?.Invoke(new PeerMessage(link.PeerId, message));
                _meshMessage?.Invoke(link.PeerId, message.Data);
            }
        };
        channel.Closed += _ => Drop(link, "the data channel closed", countFailure: false);
    }

    /// <summary>A link that has not opened in time found no path: give it up.</summary>
    private async Task ExpireAsync(PeerLink link)
    {
        try
        {
            await _ports.Time.Delay(_options.LinkTimeout, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!link.IsOpen && !link.IsDropped)
        {
            Drop(link, $"no direct path: the channel did not open within {_options.LinkTimeout.TotalSeconds:0.#} s (client isolation or a firewall?)", countFailure: true);
        }
    }

    private void Drop(PeerLink link, string reason, bool countFailure)
    {
        _loop.Check("dropping a link");
        if (link.IsDropped)
        {
            return;
        }

        link.IsDropped = true;
        var wasOpen = link.Channel is not null;
        if (_links.TryGetValue(link.PeerId, out var current) && current == link)
        {
            _links.Remove(link.PeerId);
        }

        _ = link.Connection.DisposeAsync().AsTask();
        if (wasOpen)
        {
            PeerLeft?.Invoke(link.PeerId);
        }

        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (countFailure)
        {
            LinksFailed++;
            var attempts = _failedAttempts[link.PeerId] = _failedAttempts.GetValueOrDefault(link.PeerId) + 1;
            if (attempts >= _options.LinkAttemptsMax)
            {
                _unavailable.Add(link.PeerId);
                PeerUnavailable?.Invoke(link.PeerId, reason);
                _ = RetryUnavailableAsync(link.PeerId);
                return;
            }
        }

        if (link.IsOfferer)
        {
            _ = RetryAsync(link.PeerId, _failedAttempts.GetValueOrDefault(link.PeerId));
        }
    }

    private async Task RetryAsync(string peer, int failures)
    {
        try
        {
            await _ports.Time.Delay(Backoff(failures), _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        PlanLinks();
    }

    private async Task RetryUnavailableAsync(string peer)
    {
        try
        {
            await _ports.Time.Delay(_options.UnavailableRetryAfter, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _unavailable.Remove(peer);
        _failedAttempts.Remove(peer);
        PlanLinks();
    }

    /// <summary>Capped exponential backoff with full jitter in its upper half, so a room that lost its server does not reconnect in lockstep.</summary>
    private TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(_options.ReconnectDelayMax.Ticks, _options.ReconnectDelayMin.Ticks << Math.Min(failures, 20));
        return TimeSpan.FromTicks((ceiling / 2) + (long)(_ports.Random.NextDouble() * (ceiling / 2)));
    }

    private async Task PaceAsync(DataChannel channel, CancellationToken cancellationToken)
    {
        while (channel.State == DataChannelState.Open && channel.BufferedAmount > _options.SendBufferBytesMax)
        {
            var low = new TaskCompletionSource();
            void OnLow(DataChannel _) => low.TrySetResult();
            void OnClosed(DataChannel _) => low.TrySetResult();
            channel.BufferedAmountLow += OnLow;
            channel.Closed += OnClosed;
            try
            {
                await low.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                channel.BufferedAmountLow -= OnLow;
                channel.Closed -= OnClosed;
            }
        }
    }

    private async Task FlushCandidatesAsync(PeerLink link)
    {
        var waiting = link.CandidatesBeforeDescription ?? [];
        link.CandidatesBeforeDescription = null;
        foreach (var line in waiting)
        {
            await SignalAsync(new IceCandidateMessage("", link.PeerId, line, link.Session));
        }
    }

    private async Task SendQuietlyAsync(SignalMessage message)
    {
        try
        {
            await SignalAsync(message);
        }
        catch (Exception exception) when (exception is NetworkConnectionException or ObjectDisposedException or OperationCanceledException)
        {
            // Signaling went away; the link times out and is retried once signaling is back.
        }
    }

    /// <summary>
    /// Whether an answer or candidate belongs to the link now open to its sender: one of an abandoned attempt
    /// would spoil the new link. A side that names no session (the seed's clients) is matched by peer alone.
    /// </summary>
    private bool IsOfCurrentLink(SignalMessage message)
    {
        var session = message switch
        {
            AnswerMessage answer => answer.Session,
            IceCandidateMessage candidate => candidate.Session,
            _ => null,
        };
        return session is null || !_links.TryGetValue(Sender(message), out var link) || link.Session is null || link.Session == session;
    }

    private static string Recipient(SignalMessage message) => message switch
    {
        OfferMessage offer => offer.To,
        AnswerMessage answer => answer.To,
        IceCandidateMessage candidate => candidate.To,
        _ => "",
    };

    private static string Sender(SignalMessage message) => message switch
    {
        OfferMessage offer => offer.From,
        AnswerMessage answer => answer.From,
        IceCandidateMessage candidate => candidate.From,
        _ => "",
    };
}
