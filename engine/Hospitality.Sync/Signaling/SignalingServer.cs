using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Signaling;

/// <summary>
/// The seed's WebRTC signaling server. Rooms are properties: a device joins with its property and
/// device id and gets the peer list; offers, answers and ICE candidates go to one addressed peer of
/// the sender's room only; the room hears peer-joined and peer-left. Peers per room, rooms, message
/// size and rate are limited, each refusal an error message with its code. It serves any
/// <see cref="IMessageConnection"/>: the simulator's, OS sockets, or a WebSocket adapted by a host.
/// </summary>
public sealed class SignalingServer : IAsyncDisposable
{
    private readonly INetwork _network;
    private readonly TimeProvider _time;
    private readonly SignalingServerOptions _options;
    private readonly CancellationTokenSource _stopping = new();

    // Ordinal-keyed, and each room lists its peers in join order: peer lists and notices never depend on hashing.
    private readonly SortedDictionary<string, List<SignalingSession>> _rooms = new(StringComparer.Ordinal);
    private readonly List<SignalingSession> _sessions = [];
    private IMessageListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public SignalingServer(INetwork network, TimeProvider time, SignalingServerOptions? options = null)
    {
        _network = network;
        _time = time;
        _options = options ?? new SignalingServerOptions();
        if (_options.MaxPeersPerRoom < 1 || _options.MaxRooms < 1 || _options.MaxMessageBytes < 64 || _options.MessagesPerSecond <= 0 || _options.MessageBurst < 1 || _options.MaxQueuedPerPeer < 1)
        {
            throw new ArgumentException("Every signaling limit must be positive (and a message may hold at least 64 bytes).", nameof(options));
        }
    }

    public long MessagesRelayed { get; private set; }

    public long MessagesRefused { get; private set; }

    /// <summary>Connections open now, joined or not.</summary>
    public int ConnectionCount => _sessions.Count;

    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint;

    /// <summary>The seed's <c>getStats()</c>: peers, rooms, peers per room, and the message counters.</summary>
    public SignalingStats GetStats() =>
        new(_rooms.Values.Sum(room => room.Count), _rooms.Count, _rooms.ToDictionary(room => room.Key, room => room.Value.Count, StringComparer.Ordinal), MessagesRelayed, MessagesRefused);

    /// <summary>Listens on <see cref="SignalingServerOptions.Port"/> of every address of the host.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _listener = await _network.ListenAsync(new IPEndPoint(IPAddress.Any, _options.Port), cancellationToken);
        _accepting = AcceptAsync(_listener, _stopping.Token);
    }

    public async Task StopAsync()
    {
        _stopping.Cancel();
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        foreach (var session in _sessions.ToList())
        {
            session.Connection.Abort();
        }

        try
        {
            await _accepting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Serves one device's connection until it closes; hosts with their own listeners (WebSocket) call this.</summary>
    public async Task ServeAsync(IMessageConnection connection, CancellationToken cancellationToken = default)
    {
        var session = new SignalingSession(connection, _time.GetTimestamp(), _options.MessageBurst);
        _sessions.Add(session);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token, session.Reading.Token);
        var writing = WriteAsync(session, ending.Token);
        try
        {
            using (var joinDeadline = new CancellationTokenSource(_options.JoinTimeout, _time))
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
            // The device went away, did not join in time, or the server is stopping: it reconnects with backoff.
        }
        finally
        {
            Leave(session);
            session.End();
            await Quietly(writing);
            _sessions.Remove(session);
            await connection.DisposeAsync();
        }
    }

    private async Task AcceptAsync(IMessageListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var connection = await listener.AcceptAsync(stopping);
            _ = ServeAsync(connection, stopping);
        }
    }

    private void Handle(SignalingSession session, ReadOnlyMemory<byte> frame)
    {
        var (message, code, error) = session.Screen(frame, _time, _options, "this server");
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
                Refuse(session, SignalErrorCodes.NotJoined, $"this connection already joined as '{session.DeviceId}' in '{session.PropertyId}'; open another connection to join again");
                break;
            case var _ when !session.HasJoined:
                Refuse(session, SignalErrorCodes.NotJoined, "join first: {\"type\":\"join\",\"propertyId\":...,\"deviceId\":...}");
                break;
            case var _ when session.Addressed(message) is (var to, var addressed):
                Relay(session, to, addressed);
                break;
            case StatsRequestMessage:
                var stats = GetStats();
                Enqueue(session, new StatsMessage(stats with { PeersPerProperty = new Dictionary<string, int> { [session.PropertyId] = _rooms[session.PropertyId].Count } }));
                break;
            default:
                Refuse(session, SignalErrorCodes.Unexpected, $"'{message.GetType().Name}' is sent by the server, never to it");
                break;
        }
    }

    private void Join(SignalingSession session, JoinMessage join)
    {
        if (_options.Admission is { } admission && admission.Admit(join.Token, join.PropertyId, join.DeviceId) is { IsAllowed: false } refused)
        {
            RefuseAndEnd(session, refused.IsForbidden ? SignalErrorCodes.Forbidden : SignalErrorCodes.Unauthorized, $"'{join.DeviceId}' may not join room '{join.PropertyId}': {refused.Refusal}");
            return;
        }

        if (!_rooms.TryGetValue(join.PropertyId, out var room))
        {
            if (_rooms.Count >= _options.MaxRooms)
            {
                RefuseAndEnd(session, SignalErrorCodes.TooManyRooms, $"this server holds its limit of {_options.MaxRooms} rooms");
                return;
            }

            room = [];
        }

        // A device that joins again (a restart, a new socket) replaces its old entry under the same id.
        if (room.Find(peer => peer.DeviceId == join.DeviceId) is { } previous)
        {
            RefuseAndEnd(previous, SignalErrorCodes.Replaced, $"'{join.DeviceId}' joined again on another connection");
            Leave(previous);
        }

        if (room.Count >= _options.MaxPeersPerRoom)
        {
            RefuseAndEnd(session, SignalErrorCodes.RoomFull, $"room '{join.PropertyId}' holds its limit of {_options.MaxPeersPerRoom} peers");
            return;
        }

        _rooms[join.PropertyId] = room;
        Enqueue(session, new PeerListMessage(join.PropertyId, room.Select(peer => peer.DeviceId).ToList()));
        foreach (var peer in room)
        {
            Enqueue(peer, new PeerJoinedMessage(join.DeviceId));
        }

        session.PropertyId = join.PropertyId;
        session.DeviceId = join.DeviceId;
        room.Add(session);
    }

    private void Leave(SignalingSession session)
    {
        if (!session.HasJoined || !_rooms.TryGetValue(session.PropertyId, out var room) || !room.Remove(session))
        {
            return;
        }

        if (room.Count == 0)
        {
            _rooms.Remove(session.PropertyId);
        }

        foreach (var peer in room)
        {
            Enqueue(peer, new PeerLeftMessage(session.DeviceId));
        }
    }

    /// <summary>Hands a message to one peer of the sender's own room; another room's peer is as unknown as a missing one.</summary>
    private void Relay(SignalingSession from, string to, SignalMessage message)
    {
        var target = _rooms[from.PropertyId].Find(peer => peer.DeviceId == to);
        if (target is null || target == from)
        {
            Refuse(from, SignalErrorCodes.UnknownPeer, $"no peer '{to}' in room '{from.PropertyId}'");
            return;
        }

        if (target.PropertyId != from.PropertyId)
        {
            throw new InvalidOperationException($"Invariant: a relay crossed rooms ('{from.PropertyId}' to '{target.PropertyId}').");
        }

        MessagesRelayed++;
        Enqueue(target, message);
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
        session.Enqueue(message, _options.MaxQueuedPerPeer);
    }

    /// <summary>Sends a session's queued messages in order until it ends, then closes its connection.</summary>
    internal static async Task WriteAsync(SignalingSession session, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                while (session.Outgoing.TryDequeue(out var frame))
                {
                    await session.Connection.SendAsync(frame, cancellationToken);
                }

                if (session.Ending)
                {
                    await session.Connection.CloseAsync(cancellationToken);
                    session.Reading.Cancel();
                    return;
                }

                await session.Wake.WaitAsync(cancellationToken);
            }
        }
        catch (Exception exception) when (exception is NetworkConnectionException or OperationCanceledException or ObjectDisposedException)
        {
            session.Connection.Abort();
        }
    }

    internal static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is NetworkConnectionException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
