using System.Net;
using Hospitality.Sync.Ports;

namespace Hospitality.Sync.Signaling;

/// <summary>
/// A device's side of signaling: joins its property's room, keeps the room's peer list, sends
/// offers, answers and candidates to one peer, and raises what the server relays. Events run on
/// the caller's context, in the order the server sent them.
/// </summary>
public sealed class SignalingClient : IAsyncDisposable
{
    private readonly IMessageConnection _connection;
    private readonly List<string> _peers = [];
    private readonly SignalingTraffic _traffic;
    private Task _reading = Task.CompletedTask;

    private SignalingClient(IMessageConnection connection, string propertyId, string deviceId, SignalingTraffic traffic)
    {
        _connection = connection;
        _traffic = traffic;
        PropertyId = propertyId;
        DeviceId = deviceId;
    }

    public event Action<string>? PeerJoined;

    public event Action<string>? PeerLeft;

    /// <summary>An offer, answer or candidate from a peer of the room (its <c>From</c> set by the server).</summary>
    public event Action<SignalMessage>? Signal;

    public event Action<SignalingStats>? StatsReceived;

    /// <summary>A refusal of something this client sent (rate, size, an unknown peer), or a frame the client could not read.</summary>
    public event Action<SignalErrorMessage>? Error;

    public string PropertyId { get; }

    public string DeviceId { get; }

    /// <summary>The other peers of the room, in the order they joined.</summary>
    public IReadOnlyList<string> Peers => _peers;

    /// <summary>Completes when the connection to the server ends, for whatever reason.</summary>
    public Task Closed => _reading;

    /// <summary>Connects, joins the room and waits for the peer list.</summary>
    /// <exception cref="SignalingRefusedException">The server refused the join (room full, too many rooms, malformed id).</exception>
    /// <exception cref="NetworkConnectionException">The server could not be reached or closed the connection.</exception>
    public static Task<SignalingClient> ConnectAsync(INetwork network, IPEndPoint server, string propertyId, string deviceId, CancellationToken cancellationToken = default) =>
        ConnectAsync(network, server, propertyId, deviceId, accessToken: null, new SignalingTraffic(), cancellationToken);

    /// <summary>Connects and joins presenting <paramref name="accessToken"/>, for a server that checks admission.</summary>
    /// <exception cref="SignalingRefusedException">The server refused the join (no or a wrong token, room full, ...).</exception>
    /// <exception cref="NetworkConnectionException">The server could not be reached or closed the connection.</exception>
    public static Task<SignalingClient> ConnectAsync(INetwork network, IPEndPoint server, string propertyId, string deviceId, string? accessToken, CancellationToken cancellationToken = default) =>
        ConnectAsync(network, server, propertyId, deviceId, accessToken, new SignalingTraffic(), cancellationToken);

    /// <summary>
    /// Connects and joins counting its traffic; <paramref name="beforeReading"/> is called once joined, before
    /// the client reads on: what the server sends right behind the peer list (an offer from a peer that saw
    /// this device join) may be read and raised before the awaiting caller runs again, so a caller that must
    /// not miss it subscribes there (on OS sockets it did miss it, and the link waited for its time-out).
    /// </summary>
    internal static async Task<SignalingClient> ConnectAsync(INetwork network, IPEndPoint server, string propertyId, string deviceId, string? accessToken, SignalingTraffic traffic, CancellationToken cancellationToken, Action<SignalingClient>? beforeReading = null)
    {
        if (!SignalCodec.IsValidId(propertyId) || !SignalCodec.IsValidId(deviceId))
        {
            throw new ArgumentException("A property or device id holds 1-128 of A-Z, a-z, 0-9 and . _ : @ -.");
        }

        var connection = await network.ConnectAsync(server, cancellationToken);
        var client = new SignalingClient(connection, propertyId, deviceId, traffic);
        try
        {
            await client.SendAsync(new JoinMessage(propertyId, deviceId, accessToken), cancellationToken);
            var answer = await connection.ReceiveAsync(cancellationToken) ?? throw new NetworkConnectionException(ConnectionFailure.Reset, "the signaling server closed the connection before answering the join");
            traffic.Received(answer.Length);
            switch (SignalCodec.Decode(answer).Message)
            {
                case PeerListMessage list:
                    client._peers.AddRange(list.Peers);
                    break;
                case SignalErrorMessage error:
                    throw new SignalingRefusedException(error.Code, error.Message);
                default:
                    throw new NetworkConnectionException(ConnectionFailure.Reset, "the signaling server answered the join with something other than a peer list");
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        beforeReading?.Invoke(client);
        client._reading = client.ReadAsync();
        return client;
    }

    public async ValueTask SendAsync(SignalMessage message, CancellationToken cancellationToken = default)
    {
        var frame = SignalCodec.Encode(message);
        _traffic.Sent(frame.Length);
        await _connection.SendAsync(frame, cancellationToken);
    }

    public ValueTask OfferAsync(string to, string sdp, CancellationToken cancellationToken = default) => SendAsync(new OfferMessage("", to, sdp), cancellationToken);

    public ValueTask AnswerAsync(string to, string sdp, CancellationToken cancellationToken = default) => SendAsync(new AnswerMessage("", to, sdp), cancellationToken);

    public ValueTask CandidateAsync(string to, string candidate, CancellationToken cancellationToken = default) => SendAsync(new IceCandidateMessage("", to, candidate), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _connection.Abort();
        await _connection.DisposeAsync();
        try
        {
            await _reading;
        }
        catch (Exception exception) when (exception is NetworkConnectionException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _connection.ReceiveAsync() is { } frame)
            {
                _traffic.Received(frame.Length);
                var decoded = SignalCodec.Decode(frame);
                switch (decoded.Message)
                {
                    case PeerJoinedMessage joined:
                        _peers.Remove(joined.PeerId);
                        _peers.Add(joined.PeerId);
                        PeerJoined?.Invoke(joined.PeerId);
                        break;
                    case PeerLeftMessage left:
                        _peers.Remove(left.PeerId);
                        PeerLeft?.Invoke(left.PeerId);
                        break;
                    case OfferMessage or AnswerMessage or IceCandidateMessage:
                        Signal?.Invoke(decoded.Message);
                        break;
                    case SignalErrorMessage error:
                        Error?.Invoke(error);
                        break;
                    case StatsMessage stats:
                        StatsReceived?.Invoke(stats.Stats);
                        break;
                    default:
                        // Reported, never acted on: the server is not trusted with more than relaying.
                        Error?.Invoke(new SignalErrorMessage(SignalErrorCodes.Malformed, decoded.Error ?? $"unexpected {decoded.Message!.GetType().Name} from the server"));
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is NetworkConnectionException or ObjectDisposedException or OperationCanceledException)
        {
            // The server or the link went away; the caller sees Closed complete and reconnects.
        }
    }
}
