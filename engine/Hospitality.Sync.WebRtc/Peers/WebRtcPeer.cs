using System.Net;
using Hospitality.Sync.PeerSync;
using Hospitality.Sync.Ports;
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
    private SignalingClient? _signaling;
    private Task _running = Task.CompletedTask;
    private Action<string, ReadOnlyMemory<byte>>? _meshMessage;

    public WebRtcPeer(WebRtcPeerOptions options, RtcPorts ports)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ports);
        if (!SignalCodec.IsValidId(options.PropertyId) || !SignalCodec.IsValidId(options.DeviceId) || options.SignalingServers.Count == 0 || options.MaxLinks < 2 || options.LinkAttemptsMax < 1)
        {
            throw new ArgumentException("A peer needs valid property and device ids, at least one signaling server, at least 2 links and at least 1 link attempt.", nameof(options));
        }

        _options = options;
        _ports = ports;

        // One certificate per device, not per link: key generation is the costly part of a connection.
        _rtc = options.Rtc.Certificate is null ? options.Rtc with { Certificate = DtlsCertificate.Generate(ports.Random, ports.Time) } : options.Rtc;
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

    /// <summary>The signaling server in use, or null while none answers.</summary>
    public IPEndPoint? SignalingServer { get; private set; }

    /// <summary>Successful joins after the first (the signaling connection was lost and came back).</summary>
    public int SignalingReconnects { get; private set; }

    /// <summary>Why the last signaling attempt failed, for reports.</summary>
    public string? LastSignalingError { get; private set; }

    public int LinksOpened { get; private set; }

    public int LinksFailed { get; private set; }

    /// <summary>Starts the peer; true once joined to a signaling server, false if none answered on the first round (it keeps trying).</summary>
    public Task<bool> ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (_running.IsCompleted)
        {
            _running = RunSignalingAsync(_stopping.Token);
        }

        return _firstRound.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends to one peer (the seed's <c>sendToPeer</c>); false when no channel to it is open.</summary>
    public async ValueTask<bool> SendAsync(string peerId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
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

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        if (_signaling is { } signaling)
        {
            await signaling.DisposeAsync();
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
    }

    private async Task RunSignalingAsync(CancellationToken stopping)
    {
        var failures = 0;
        var joins = 0;
        while (!stopping.IsCancellationRequested)
        {
            var client = await JoinNearestAsync(stopping);
            _firstRound.TrySetResult(client is not null);
            if (client is not null)
            {
                failures = 0;
                SignalingReconnects += joins++ > 0 ? 1 : 0;
                await ServeSignalingAsync(client, stopping);
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
                var client = await SignalingClient.ConnectAsync(_ports.Network, server, _options.PropertyId, _options.DeviceId, attempt.Token);
                SignalingServer = server;
                return client;
            }
            catch (Exception exception) when (exception is NetworkConnectionException or SignalingRefusedException || (exception is OperationCanceledException && !stopping.IsCancellationRequested))
            {
                LastSignalingError = $"{server}: {exception.Message}";
            }
        }

        return null;
    }

    private async Task ServeSignalingAsync(SignalingClient client, CancellationToken stopping)
    {
        _signaling = client;
        client.PeerJoined += peer =>
        {
            // A peer that comes back gets a fresh chance, and its old connection (if any) is stale.
            _unavailable.Remove(peer);
            _failedAttempts.Remove(peer);
            if (_links.TryGetValue(peer, out var stale) && !stale.IsOpen)
            {
                Drop(stale, "the peer rejoined", countFailure: false);
            }

            PlanLinks();
        };
        client.PeerLeft += _ => PlanLinks();
        client.Signal += message => _ = OnSignalAsync(message);
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

    /// <summary>Offers to the planned neighbours this device should offer to; the other side of each link offers itself.</summary>
    private void PlanLinks()
    {
        if (_signaling is not { } signaling)
        {
            return;
        }

        var neighbours = MeshPlan.Neighbours(DeviceId, signaling.Peers, _options.MaxLinks);

        // The room grew past a full mesh: links beyond the plan go. A link to a peer missing from the room stays while it works (its signaling may be what failed).
        foreach (var extra in _links.Values.Where(link => signaling.Peers.Contains(link.PeerId) && !neighbours.Contains(link.PeerId)).ToList())
        {
            Drop(extra, "no longer a planned neighbour", countFailure: false);
        }

        foreach (var peer in neighbours)
        {
            if (!_links.ContainsKey(peer) && !_unavailable.Contains(peer) && string.CompareOrdinal(DeviceId, peer) > 0)
            {
                _ = OfferAsync(peer);
            }
        }
    }

    private async Task OfferAsync(string peer)
    {
        var link = NewLink(peer, isOfferer: true);
        var channel = link.Connection.CreateDataChannel(_options.ChannelLabel);
        Watch(link, channel);
        try
        {
            var offer = await link.Connection.CreateOfferAsync();
            await link.Connection.SetLocalDescriptionAsync(offer);
            if (_signaling is not { } signaling)
            {
                Drop(link, "signaling was lost before the offer was sent", countFailure: false);
                return;
            }

            await signaling.OfferAsync(peer, link.Connection.LocalDescription?.Sdp ?? offer.Sdp);
            await FlushCandidatesAsync(link, signaling);
        }
        catch (Exception exception) when (exception is NetworkConnectionException or SdpFormatException or InvalidOperationException or ObjectDisposedException)
        {
            Drop(link, $"the offer failed: {exception.Message}", countFailure: true);
        }
    }

    private async Task OnSignalAsync(SignalMessage message)
    {
        try
        {
            switch (message)
            {
                case OfferMessage offer:
                    await AnswerAsync(offer);
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
            if (message is OfferMessage or AnswerMessage or IceCandidateMessage && _links.TryGetValue(Sender(message), out var link))
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

        var link = NewLink(offer.From, isOfferer: false);
        link.Connection.DataChannel += channel => Watch(link, channel);
        await link.Connection.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, offer.Sdp));
        var answer = await link.Connection.CreateAnswerAsync();
        await link.Connection.SetLocalDescriptionAsync(answer);
        if (_signaling is { } signaling)
        {
            await signaling.AnswerAsync(offer.From, link.Connection.LocalDescription?.Sdp ?? answer.Sdp);
            await FlushCandidatesAsync(link, signaling);
        }
    }

    private PeerLink NewLink(string peer, bool isOfferer)
    {
        var link = new PeerLink(peer, new RtcPeerConnection(_rtc, _ports), isOfferer);
        _links[peer] = link;
        link.Connection.IceCandidate += line =>
        {
            if (link.CandidatesBeforeDescription is { } waiting)
            {
                waiting.Add(line ?? "");
            }
            else if (_signaling is { } signaling && !link.IsDropped)
            {
                _ = SendQuietlyAsync(signaling, new IceCandidateMessage("", peer, line ?? ""));
            }
        };
        link.Connection.ConnectionStateChanged += state =>
        {
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

    private static async Task FlushCandidatesAsync(PeerLink link, SignalingClient signaling)
    {
        var waiting = link.CandidatesBeforeDescription ?? [];
        link.CandidatesBeforeDescription = null;
        foreach (var line in waiting)
        {
            await signaling.CandidateAsync(link.PeerId, line);
        }
    }

    private static async Task SendQuietlyAsync(SignalingClient signaling, SignalMessage message)
    {
        try
        {
            await signaling.SendAsync(message);
        }
        catch (Exception exception) when (exception is NetworkConnectionException or ObjectDisposedException or OperationCanceledException)
        {
            // Signaling went away; the link times out and is retried once signaling is back.
        }
    }

    private static string Sender(SignalMessage message) => message switch
    {
        OfferMessage offer => offer.From,
        AnswerMessage answer => answer.From,
        IceCandidateMessage candidate => candidate.From,
        _ => "",
    };
}
