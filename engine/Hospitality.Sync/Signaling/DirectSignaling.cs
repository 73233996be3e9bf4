using System.Net;
using Hospitality.Sync.Discovery;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Signaling;

/// <summary>
/// Signaling without any server, for a segment whose devices cannot reach a signaling server (a
/// small hotel without a Greengrass whose internet is down). Each device runs a small listener and
/// advertises its port in its <c>_hospitality-peer._tcp</c> record (property and device id in TXT);
/// the room is the devices of its own property found by browsing those records. Offers, answers and
/// candidates go straight to the addressed device over a message connection that opens with a join,
/// and the listener applies the signaling server's rules to it: the same codec and messages, the
/// same limits (<see cref="SignalingServerOptions"/>: message size, rate and burst, join timeout,
/// queued messages, connections as the room limit), the sender named by its join and never by
/// itself, and, when an admission is configured, the same token check as the server. A device of
/// another property is ignored when browsing and refused when it joins.
/// </summary>
/// <remarks>
/// Each direction has its own connection: a device sends over the connection it opened to the
/// other's listener and receives over the one the other opened to its own, so two devices never
/// race for one connection and every message a device acts on came through a join it checked.
/// A device's record carries an instance value drawn anew each time its software starts; a record
/// whose instance changed means the device restarted, and the room hears <see cref="PeerRestarted"/>
/// and <see cref="PeerJoined"/> again (as the server's peer-joined), so its stale link is redone at
/// once rather than when ICE consent expires. A new connection from a device proves nothing: a live
/// device reconnects whenever its connection breaks.
/// </remarks>
internal sealed class DirectSignaling : IAsyncDisposable
{
    private readonly INetwork _network;
    private readonly TimeProvider _time;
    private readonly MulticastDns _mdns;
    private readonly SignalingServerOptions _limits;
    private readonly SignalingTraffic _traffic;
    private readonly string? _accessToken;
    private readonly CancellationTokenSource _stopping = new();

    // Ordinal-keyed and discovery-ordered: who is in the room, and in which order notices go out, never depend on hashing.
    private readonly List<string> _peers = [];
    private readonly SortedDictionary<string, IPEndPoint> _endpoints = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Outbound> _outbound = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SignalingSession> _inbound = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _instances = new(StringComparer.Ordinal);
    private readonly string _instance;
    private readonly List<SignalingSession> _sessions = [];
    private IMessageListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public DirectSignaling(INetwork network, TimeProvider time, MulticastDns mdns, string propertyId, string deviceId, string instance, string? accessToken, SignalingServerOptions limits, SignalingTraffic traffic)
    {
        if (!SignalCodec.IsValidId(propertyId) || !SignalCodec.IsValidId(deviceId) || System.Text.Encoding.UTF8.GetByteCount(deviceId) > ServiceAdvertisement.InstanceBytesMax)
        {
            throw new ArgumentException($"Direct signaling needs valid ids, and a device id of at most {ServiceAdvertisement.InstanceBytesMax} bytes (it is the mDNS instance name).");
        }

        _network = network;
        _time = time;
        _mdns = mdns;
        _limits = limits;
        _traffic = traffic;
        _accessToken = accessToken;
        _instance = instance;
        PropertyId = propertyId;
        DeviceId = deviceId;
    }

    /// <summary>A device of the room was found, or found again after it restarted.</summary>
    public event Action<string>? PeerJoined;

    /// <summary>
    /// A device's record came back with another instance value: its software restarted, so whatever
    /// this device holds for it (its WebRTC link included, though ICE consent has not expired yet) is stale.
    /// </summary>
    public event Action<string>? PeerRestarted;

    /// <summary>A device of the room joined this device's listener (it signals directly now).</summary>
    public event Action<string>? PeerGreeted;

    /// <summary>A device's record expired or said goodbye.</summary>
    public event Action<string>? PeerLeft;

    /// <summary>An offer, answer or candidate for this device, its <c>From</c> set from the sender's join.</summary>
    public event Action<SignalMessage>? Signal;

    /// <summary>A device refused something this one sent (a join, a rate), or answered with what it should not.</summary>
    public event Action<SignalErrorMessage>? Error;

    public string PropertyId { get; }

    public string DeviceId { get; }

    /// <summary>The room: devices of this property found through their peer records, in the order found.</summary>
    public IReadOnlyList<string> Peers => _peers;

    public bool IsStarted => _listener is not null;

    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint;

    /// <summary>Peer records of other properties seen and ignored.</summary>
    public int ForeignRecordsIgnored { get; private set; }

    /// <summary>Offers, answers and candidates handed to this device.</summary>
    public long MessagesDelivered { get; private set; }

    /// <summary>Messages refused by this device's listener (joins included), each answered with an error.</summary>
    public long MessagesRefused { get; private set; }

    /// <summary>Messages this device could not deliver (the other device unreachable, refused the join, or a full queue).</summary>
    public long MessagesDropped { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Whether this device can address <paramref name="peer"/> directly: found, or joined to this device.</summary>
    public bool Knows(string peer) => _endpoints.ContainsKey(peer) || _inbound.ContainsKey(peer);

    /// <summary>Listens on <see cref="SignalingServerOptions.Port"/> (0: any free port), advertises it in the peer record and browses for the room.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = await _network.ListenAsync(new IPEndPoint(IPAddress.Any, _limits.Port), cancellationToken);
        _accepting = AcceptAsync(_listener, _stopping.Token);
        _mdns.Querier.ServiceFound += OnFound;
        _mdns.Querier.ServiceLost += OnLost;
        // The port bound, not the one asked for: port 0 picks a free one, and the record must name it.
        _mdns.Responder.Advertise(HospitalityServices.Peer(PropertyId, DeviceId, _listener.LocalEndPoint.Port, _instance));
        _mdns.Querier.Browse(HospitalityServices.PeerServiceType);
        foreach (var service in _mdns.Querier.Services.ToList())
        {
            OnFound(service);
        }
    }

    /// <summary>Sends an offer, answer or candidate to its addressee; it waits (bounded) while the addressee is not yet found.</summary>
    public ValueTask SendAsync(SignalMessage message)
    {
        var to = message switch
        {
            OfferMessage offer => offer.To,
            AnswerMessage answer => answer.To,
            IceCandidateMessage candidate => candidate.To,
            _ => throw new ArgumentException($"{message.GetType().Name} does not go from device to device.", nameof(message)),
        };
        var link = OutboundTo(to);
        if (link.Pending.Count >= _limits.MaxQueuedPerPeer)
        {
            MessagesDropped++;
            return ValueTask.CompletedTask;
        }

        link.Pending.Enqueue(SignalCodec.Encode(message));
        Pump(to, link);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _mdns.Querier.ServiceFound -= OnFound;
        _mdns.Querier.ServiceLost -= OnLost;
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        foreach (var session in _sessions.ToList())
        {
            session.Connection.Abort();
        }

        foreach (var link in _outbound.Values)
        {
            Abort(link);
        }

        await SignalingServer.Quietly(_accepting);
    }

    private async Task AcceptAsync(IMessageListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var connection = await listener.AcceptAsync(stopping);
            _ = ServeAsync(connection, stopping);
        }
    }

    private async Task ServeAsync(IMessageConnection connection, CancellationToken stopping)
    {
        var session = new SignalingSession(connection, _time.GetTimestamp(), _limits.MessageBurst);
        _sessions.Add(session);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(stopping, session.Reading.Token);
        var writing = SignalingServer.WriteAsync(session, ending.Token);
        try
        {
            if (_sessions.Count > _limits.MaxPeersPerRoom)
            {
                RefuseAndEnd(session, SignalErrorCodes.RoomFull, $"device '{DeviceId}' holds its limit of {_limits.MaxPeersPerRoom} signaling connections");
            }

            using (var joinDeadline = new CancellationTokenSource(_limits.JoinTimeout, _time))
            using (var untilJoined = CancellationTokenSource.CreateLinkedTokenSource(ending.Token, joinDeadline.Token))
            {
                while (!session.HasJoined && !session.Ending && await connection.ReceiveAsync(untilJoined.Token) is { } frame)
                {
                    Handle(session, frame);
                }
            }

            while (!session.Ending && await connection.ReceiveAsync(ending.Token) is { } frame)
            {
                Handle(session, frame);
            }
        }
        catch (Exception exception) when (exception is NetworkConnectionException or OperationCanceledException or ObjectDisposedException)
        {
            // The other device went away or did not join in time: it joins again when it has something to say.
        }
        finally
        {
            if (_inbound.TryGetValue(session.DeviceId, out var current) && current == session)
            {
                _inbound.Remove(session.DeviceId);
            }

            session.End();
            await SignalingServer.Quietly(writing);
            _sessions.Remove(session);
            await connection.DisposeAsync();
        }
    }

    private void Handle(SignalingSession session, ReadOnlyMemory<byte> frame)
    {
        _traffic.Received(frame.Length);
        var (message, code, error) = session.Screen(frame, _time, _limits, "this device");
        if (message is null)
        {
            Refuse(session, code, error);
            return;
        }

        switch (message)
        {
            case JoinMessage join when !session.HasJoined:
                Join(session, join);
                break;
            case JoinMessage:
                Refuse(session, SignalErrorCodes.NotJoined, $"this connection already joined as '{session.DeviceId}'; open another connection to join again");
                break;
            case var _ when !session.HasJoined:
                Refuse(session, SignalErrorCodes.NotJoined, "join first: {\"type\":\"join\",\"propertyId\":...,\"deviceId\":...}");
                break;
            case var _ when session.Addressed(message) is (var to, var addressed):
                Deliver(session, to, addressed);
                break;
            default:
                Refuse(session, SignalErrorCodes.Unexpected, $"'{message.GetType().Name}' does not go from device to device (only join, offer, answer and ice-candidate do)");
                break;
        }
    }

    private void Join(SignalingSession session, JoinMessage join)
    {
        if (join.PropertyId != PropertyId)
        {
            RefuseAndEnd(session, SignalErrorCodes.Forbidden, $"this is a device of property '{PropertyId}', not '{join.PropertyId}'");
            return;
        }

        if (join.DeviceId == DeviceId)
        {
            RefuseAndEnd(session, SignalErrorCodes.Forbidden, $"'{join.DeviceId}' is this device's own id");
            return;
        }

        if (_limits.Admission is { } admission && admission.Admit(join.Token, join.PropertyId, join.DeviceId) is { IsAllowed: false } refused)
        {
            RefuseAndEnd(session, refused.IsForbidden ? SignalErrorCodes.Forbidden : SignalErrorCodes.Unauthorized, $"'{join.DeviceId}' may not signal to '{DeviceId}': {refused.Refusal}");
            return;
        }

        if (_inbound.TryGetValue(join.DeviceId, out var previous))
        {
            RefuseAndEnd(previous, SignalErrorCodes.Replaced, $"'{join.DeviceId}' joined again on another connection");
        }

        session.PropertyId = join.PropertyId;
        session.DeviceId = join.DeviceId;
        _inbound[join.DeviceId] = session;
        Enqueue(session, new PeerListMessage(PropertyId, [DeviceId]));
        PeerGreeted?.Invoke(join.DeviceId);
    }

    /// <summary>Hands a message to this device only: a device relays for no one.</summary>
    private void Deliver(SignalingSession from, string to, SignalMessage message)
    {
        if (to != DeviceId)
        {
            Refuse(from, SignalErrorCodes.UnknownPeer, $"this is device '{DeviceId}'; it relays to no other device ('{to}')");
            return;
        }

        MessagesDelivered++;
        Signal?.Invoke(message);
    }

    private void Refuse(SignalingSession session, string code, string message)
    {
        MessagesRefused++;
        Enqueue(session, new SignalErrorMessage(code, message));
    }

    private void RefuseAndEnd(SignalingSession session, string code, string message)
    {
        Refuse(session, code, message);
        session.End();
    }

    private void Enqueue(SignalingSession session, SignalMessage message)
    {
        if (session.Enqueue(message, _limits.MaxQueuedPerPeer) is > 0 and var length)
        {
            _traffic.Sent(length);
        }
    }

    private void OnFound(DiscoveredService service)
    {
        if (!service.ServiceType.Equals(HospitalityServices.PeerServiceType, StringComparison.OrdinalIgnoreCase)
            || service[HospitalityServices.DeviceKey] is not { } device || !SignalCodec.IsValidId(device) || device == DeviceId)
        {
            return;
        }

        if (service[HospitalityServices.PropertyKey] != PropertyId)
        {
            ForeignRecordsIgnored++;
            return;
        }

        var isNew = !_endpoints.TryGetValue(device, out var previous);
        _endpoints[device] = service.EndPoint;
        var instance = service[HospitalityServices.InstanceKey];
        var restarted = instance is not null && _instances.TryGetValue(device, out var known) && known != instance;
        if (instance is not null)
        {
            _instances[device] = instance;
        }

        if (_outbound.TryGetValue(device, out var link))
        {
            // A connection to its old address, or to its previous life, leads nowhere now.
            if (restarted || (previous is not null && !previous.Equals(service.EndPoint)))
            {
                Abort(link);
            }

            link.Found.Set();
        }

        if (isNew)
        {
            _peers.Add(device);
        }

        if (restarted)
        {
            PeerRestarted?.Invoke(device);
        }

        if (isNew || restarted)
        {
            PeerJoined?.Invoke(device);
        }
    }

    private void OnLost(DiscoveredService service)
    {
        if (service[HospitalityServices.DeviceKey] is not { } device || service[HospitalityServices.PropertyKey] != PropertyId
            || !_endpoints.TryGetValue(device, out var endpoint) || !endpoint.Equals(service.EndPoint))
        {
            return;
        }

        _endpoints.Remove(device);
        _peers.Remove(device);
        if (_outbound.TryGetValue(device, out var link))
        {
            Abort(link);
        }

        PeerLeft?.Invoke(device);
    }

    private Outbound OutboundTo(string peer)
    {
        if (!_outbound.TryGetValue(peer, out var link))
        {
            link = _outbound[peer] = new Outbound();
        }

        return link;
    }

    /// <summary>
    /// Joins <paramref name="peer"/>'s listener now, with nothing else to say, so it knows this device
    /// signals directly (a no-op while connected). The caller greets only the peers it plans links with,
    /// so a large room costs a device a handful of connections, not one per device on the segment.
    /// </summary>
    public void Greet(string peer)
    {
        var link = OutboundTo(peer);
        if (link.Connection is null)
        {
            link.HelloWanted = true;
            Pump(peer, link);
        }
    }

    private void Pump(string peer, Outbound link)
    {
        if (!link.Pumping && !_stopping.IsCancellationRequested)
        {
            _ = PumpAsync(peer, link);
        }
    }

    private async Task PumpAsync(string peer, Outbound link)
    {
        link.Pumping = true;
        try
        {
            while (!_stopping.IsCancellationRequested && (link.Pending.Count > 0 || (link.HelloWanted && link.Connection is null)))
            {
                var connection = link.Connection ?? await OpenAsync(peer, link);
                link.HelloWanted = false;
                while (link.Pending.TryDequeue(out var frame))
                {
                    _traffic.Sent(frame.Length);
                    await connection.SendAsync(frame, _stopping.Token);
                }
            }
        }
        catch (Exception exception) when (exception is NetworkConnectionException or SignalingRefusedException or OperationCanceledException or ObjectDisposedException)
        {
            // What was queued is for links that now time out and are offered again (with backoff) from a fresh connection.
            LastError = $"{peer}: {exception.Message}";
            MessagesDropped += link.Pending.Count;
            link.Pending.Clear();
            link.HelloWanted = false;
            Abort(link);
            if (exception is SignalingRefusedException refused)
            {
                Error?.Invoke(new SignalErrorMessage(refused.Code, refused.Message));
            }
        }
        finally
        {
            link.Pumping = false;
        }
    }

    /// <summary>Connects to <paramref name="peer"/>'s listener (waiting for its record if need be) and joins; its answer must name it alone.</summary>
    private async Task<IMessageConnection> OpenAsync(string peer, Outbound link)
    {
        using var deadline = new CancellationTokenSource(_limits.JoinTimeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, deadline.Token);
        IPEndPoint? endpoint;
        while (!_endpoints.TryGetValue(peer, out endpoint))
        {
            await link.Found.WaitAsync(attempt.Token);
        }

        var connection = await _network.ConnectAsync(endpoint, attempt.Token);
        try
        {
            var join = SignalCodec.Encode(new JoinMessage(PropertyId, DeviceId, _accessToken));
            _traffic.Sent(join.Length);
            await connection.SendAsync(join, attempt.Token);
            var answer = await connection.ReceiveAsync(attempt.Token) ?? throw new NetworkConnectionException(ConnectionFailure.Reset, $"'{peer}' closed the connection before answering the join");
            _traffic.Received(answer.Length);
            switch (SignalCodec.Decode(answer).Message)
            {
                case PeerListMessage list when list.PropertyId == PropertyId && list.Peers is [var who] && who == peer:
                    break;
                case SignalErrorMessage error:
                    throw new SignalingRefusedException(error.Code, error.Message);
                default:
                    throw new NetworkConnectionException(ConnectionFailure.Reset, $"{endpoint} answered the join with something other than '{peer}' alone in property '{PropertyId}'");
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        link.Connection = connection;
        _ = ReadOutboundAsync(link, connection);
        return connection;
    }

    /// <summary>On a connection this device opened only refusals come back; anything else is reported, never acted on.</summary>
    private async Task ReadOutboundAsync(Outbound link, IMessageConnection connection)
    {
        try
        {
            while (await connection.ReceiveAsync(_stopping.Token) is { } frame)
            {
                _traffic.Received(frame.Length);
                var decoded = SignalCodec.Decode(frame);
                Error?.Invoke(decoded.Message as SignalErrorMessage ?? new SignalErrorMessage(SignalErrorCodes.Malformed, decoded.Error ?? $"unexpected {decoded.Message!.GetType().Name} from a device"));
            }
        }
        catch (Exception exception) when (exception is NetworkConnectionException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            if (link.Connection == connection)
            {
                link.Connection = null;
            }

            await connection.DisposeAsync();
        }
    }

    private static void Abort(Outbound link)
    {
        link.Connection?.Abort();
        link.Connection = null;
    }

    /// <summary>This device's connection to one other device's listener, and what waits to go over it.</summary>
    private sealed class Outbound
    {
        public Queue<byte[]> Pending { get; } = new();

        public IMessageConnection? Connection { get; set; }

        public bool Pumping { get; set; }

        public bool HelloWanted { get; set; }

        /// <summary>Set when the device's record is found (or moves).</summary>
        public Replication.Signal Found { get; } = new();
    }
}
