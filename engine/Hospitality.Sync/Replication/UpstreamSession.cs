using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication.Protocol;

namespace Hospitality.Sync.Replication;

/// <summary>
/// One connection to an upstream: requests with their responses matched by id, and the events the
/// upstream streams in between (changes, resync). It ends when the connection does.
/// </summary>
internal sealed class UpstreamSession(IMessageConnection connection, TimeProvider time, TimeSpan requestTimeout)
{
    private readonly Dictionary<long, TaskCompletionSource<ProtocolMessage>> _pending = [];
    private long _nextRequestId = 1;

    public IMessageConnection Connection => connection;

    /// <summary>When the last frame arrived (or the session started), as a <see cref="TimeProvider"/> timestamp.</summary>
    public long LastHeard { get; private set; } = time.GetTimestamp();

    /// <summary>Called as each frame arrives, before it is decoded: the replicator moves its heartbeat deadline.</summary>
    public Action? Heard { get; set; }

    /// <summary>Reads frames until the connection ends, completing requests and handing events to <paramref name="onEvent"/>.</summary>
    public async Task ReceiveAsync(Func<ProtocolMessage, Task> onEvent, CancellationToken cancellationToken)
    {
        try
        {
            while (await connection.ReceiveAsync(cancellationToken) is { } frame)
            {
                LastHeard = time.GetTimestamp();
                Heard?.Invoke();
                var decoded = ProtocolCodec.Decode(frame);
                if (!decoded.IsSuccess)
                {
                    throw new ProtocolViolationException($"the upstream sent an undecodable frame: {decoded.Error}");
                }

                var message = decoded.Message;
                if (message is ChangeEvent or ResyncEvent)
                {
                    await onEvent(message);
                }
                else if (_pending.Remove(message.RequestId, out var waiter))
                {
                    waiter.TrySetResult(message);
                }
                else
                {
                    throw new ProtocolViolationException($"the upstream answered request {message.RequestId}, which is not pending");
                }
            }

            throw new NetworkConnectionException(ConnectionFailure.Reset, "the upstream closed the connection");
        }
        catch (Exception exception)
        {
            foreach (var waiter in _pending.Values)
            {
                waiter.TrySetException(exception);
            }

            _pending.Clear();
            throw;
        }
    }

    /// <summary>What the hello agreed on: requests of this session go compressed with it.</summary>
    public WireCompression Compression { get; private set; }

    /// <summary>The longest the upstream's live stream stays silent, as the hello agreed; null: it does not beacon.</summary>
    public TimeSpan? Beacon { get; private set; }

    public void Send(ProtocolMessage message, CancellationToken cancellationToken) =>
        _ = connection.SendAsync(Frame(message), cancellationToken).AsTask();

    /// <summary>Whether the upstream's hello agreed to merge pushed deltas; an older upstream never says so, and gets whole documents.</summary>
    public bool PushDelta { get; private set; }

    /// <summary>
    /// Offers <paramref name="wanted"/>, asks for <paramref name="property"/>'s scope and for a beacon
    /// every <paramref name="beacon"/>, and with <paramref name="pushDelta"/> offers to push deltas; the session uses the compression if the upstream agrees. A version-1 upstream answers the unknown message
    /// with an error of request id 0, the hello's own id: the session stays plain (and unscoped).
    /// </summary>
    /// <exception cref="ProtocolViolationException">The upstream refused the token or holds another property's documents: the session ends, and the replicator retries like after any failure.</exception>
    public async Task<WireCompression> HelloAsync(WireCompression wanted, string? accessToken, string? property, bool delta, TimeSpan? beacon, bool pushDelta, CancellationToken cancellationToken)
    {
        var response = await ExchangeAsync(0, new HelloRequest(0, wanted == WireCompression.None ? [] : [wanted], accessToken, property, delta, beacon, pushDelta), requestTimeout, cancellationToken);
        if (response is ErrorResponse { Code: "unauthorized" or "scope" } refused)
        {
            throw new ProtocolViolationException($"the upstream refused {(refused.Code == "scope" ? "the scope" : "access")}: {refused.Message}");
        }

        Compression = response is HelloResponse hello && hello.Compression == wanted ? wanted : WireCompression.None;
        Beacon = beacon is null ? null : (response as HelloResponse)?.Beacon; // a beacon not asked for is not relied on
        PushDelta = pushDelta && response is HelloResponse { PushDelta: true };
        return Compression;
    }

    /// <summary>Sends a request and waits for its response; an error response or a timeout ends the session.</summary>
    public async Task<TResponse> RequestAsync<TResponse>(Func<long, ProtocolMessage> request, CancellationToken cancellationToken, TimeSpan? timeout = null)
        where TResponse : ProtocolMessage
    {
        var id = _nextRequestId++;
        var response = await ExchangeAsync(id, request(id), timeout ?? requestTimeout, cancellationToken);
        return response switch
        {
            TResponse expected => expected,
            ErrorResponse error => throw new ProtocolViolationException($"the upstream refused request {id}: {error.Code}: {error.Message}"),
            _ => throw new ProtocolViolationException($"request {id} expected {typeof(TResponse).Name}, got {response.GetType().Name}"),
        };
    }

    private async Task<ProtocolMessage> ExchangeAsync(long id, ProtocolMessage request, TimeSpan limit, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<ProtocolMessage>();
        _pending.Add(id, waiter);
        await connection.SendAsync(Frame(request), cancellationToken);
        try
        {
            return await waiter.Task.WaitAsync(limit, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            _pending.Remove(id);
            throw new NetworkConnectionException(ConnectionFailure.TimedOut, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"request {id} got no answer within {limit.TotalSeconds:0.#} s"));
        }
    }

    private byte[] Frame(ProtocolMessage message) => FrameCompression.Compress(ProtocolCodec.Encode(message), Compression);
}
