using System.Net;
using System.Runtime.CompilerServices;
using Hospitality.Sync.Access;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication;

/// <summary>
/// Serves a node's replica to the nodes below it (tablets to a Greengrass, Greengrasses to the
/// cloud): pull pages of the change feed, push merged last-write-wins, and a live change stream
/// that never echoes a client's own pushes back to it.
/// </summary>
public sealed class ReplicationServer : IAsyncDisposable
{
    private readonly Replica _replica;
    private readonly INetwork _network;
    private readonly ReplicationServerOptions _options;

    /// <summary>How long a client whose token expired has to close its side after being told.</summary>
    private static readonly TimeSpan ExpiryGrace = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<ServedConnection> _connections = [];
    private readonly ChangeFeedPageCache _pages;
    private readonly IServerProcessor _processor;

    // A cached page goes to every subscriber: it is compressed once per algorithm, not once per connection.
    private readonly ConditionalWeakTable<byte[], byte[]>[] _compressedFrames = [new(), new(), new()];
    private IMessageListener? _listener;
    private Task _accepting = Task.CompletedTask;

    /// <summary>Serves <paramref name="replica"/>; each request's work goes through <paramref name="processor"/> first (<see cref="ServerProcessor.Unmetered"/>, the real CPU, by default).</summary>
    public ReplicationServer(Replica replica, INetwork network, ReplicationServerOptions? options = null, IServerProcessor? processor = null)
    {
        _replica = replica;
        _processor = processor ?? ServerProcessor.Unmetered;
        _network = network;
        _options = options ?? new ReplicationServerOptions();
        _pages = new ChangeFeedPageCache(replica);
        _replica.Changed += OnReplicaChanged;
    }

    /// <summary>Connections being served now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Requests answered since start.</summary>
    public long RequestsServed { get; private set; }

    /// <summary>Frames that could not be decoded; each was answered with an error, none was applied.</summary>
    public long MalformedFrames { get; private set; }

    /// <summary>Connections closed because their hello brought no token of this property (only with <see cref="ReplicationServerOptions.Access"/>).</summary>
    public long RefusedConnections { get; private set; }

    /// <summary>Admitted connections cut because their token expired (only with <see cref="ReplicationServerOptions.Time"/>).</summary>
    public long ExpiredConnections { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _listener = await _network.ListenAsync(new IPEndPoint(IPAddress.Any, _options.Port), cancellationToken);
        _accepting = AcceptAsync(_listener, _stopping.Token);
    }

    public async Task StopAsync()
    {
        _replica.Changed -= OnReplicaChanged;
        _stopping.Cancel();
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        foreach (var connection in _connections.ToList())
        {
            connection.Connection.Abort();
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

    private async Task AcceptAsync(IMessageListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var connection = await listener.AcceptAsync(stopping);
            var served = new ServedConnection(connection);
            _connections.Add(served);
            _ = ServeAsync(served, stopping);
        }
    }

    private async Task ServeAsync(ServedConnection served, CancellationToken stopping)
    {
        var connection = served.Connection;
        var streaming = Task.CompletedTask;
        try
        {
            while (await connection.ReceiveAsync(stopping) is { } frame)
            {
                var decoded = ProtocolCodec.Decode(frame);
                if (!decoded.IsSuccess)
                {
                    MalformedFrames++;
                    await SendAsync(connection, new ErrorResponse(0, "malformed", decoded.Error), stopping);
                    continue;
                }

                RequestsServed++;
                if (Refuses(served, decoded.Message) is { } refusal)
                {
                    RefusedConnections++;
                    await SendAsync(connection, new ErrorResponse(decoded.Message.RequestId, "unauthorized", refusal), stopping);
                    break;
                }

                if (served.Grant is { } grant && served.Expiry is null && _options.Time is { } time)
                {
                    served.Expiry = CutAtExpiryAsync(served, grant.ExpiresAt, time, stopping);
                }

                await _processor.RunAsync(Work(connection, decoded.Message), stopping);
                switch (decoded.Message)
                {
                    case PullRequest pull:
                        await connection.SendAsync(Compressed(served, _pages.EncodedPullResponse(pull.RequestId, pull.Checkpoint, pull.Limit)), stopping);
                        break;
                    case HelloRequest hello:
                        // The server's order of preference decides among what the client can read.
                        served.Compression = _options.Compression.FirstOrDefault(hello.Compression.Contains, WireCompression.None);
                        await SendAsync(connection, new HelloResponse(hello.RequestId, served.Compression), stopping);
                        break;
                    case PushRequest push:
                        var conflicts = Merge(served, push);

                        // The push is applied but the connection dies before the answer: the client must push again, harmlessly.
                        if (Buggify.Fires("server.push.drop-before-answer"))
                        {
                            connection.Abort();
                            break;
                        }

                        await SendAsync(connection, new PushResponse(push.RequestId, conflicts), stopping);
                        break;
                    case SubscribeRequest subscribe when served.Subscription is null:
                        served.Subscription = subscribe;
                        served.StreamedTo = subscribe.Checkpoint;
                        streaming = StreamAsync(served, stopping);
                        break;
                    case HealthRequest health:
                        await SendAsync(connection, new HealthResponse(health.RequestId, "ok", _replica.LastSequence), stopping);
                        break;
                    default:
                        await SendAsync(connection, new ErrorResponse(decoded.Message.RequestId, "unexpected", $"{decoded.Message.GetType().Name} is not a request this server answers here."), stopping);
                        break;
                }
            }

            await connection.CloseAsync(stopping);
        }
        catch (Exception exception) when (exception is NetworkConnectionException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: it reconnects and resumes from its checkpoint.
        }
        finally
        {
            served.Closed = true;
            served.Wake.Set();
            _connections.Remove(served);
            await connection.DisposeAsync();
            await Quietly(streaming);
            served.Ending.Cancel();
            await Quietly(served.Expiry ?? Task.CompletedTask);
            served.Ending.Dispose();
        }
    }

    /// <summary>
    /// Tells an admitted client its token ran out and cuts the connection when it does; the client's
    /// replicator reconnects and must say hello with a fresh token. Ends early when the connection does.
    /// </summary>
    private async Task CutAtExpiryAsync(ServedConnection served, DateTimeOffset expiresAt, TimeProvider time, CancellationToken stopping)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(stopping, served.Ending.Token);

        // A timer's longest wait is about 49 days: a token that lives longer is waited for in steps.
        var step = TimeSpan.FromDays(30);
        while (expiresAt - time.GetUtcNow() is var left && left > TimeSpan.Zero)
        {
            await time.Delay(left < step ? left : step, ending.Token);
        }

        // Nothing more is streamed; the client is told why, the connection closes gracefully so that
        // answer arrives, and a client that does not close its side within a grace second is cut.
        ExpiredConnections++;
        served.Closed = true;
        served.Grant = null;
        try
        {
            await SendAsync(served.Connection, new ErrorResponse(0, "unauthorized", $"the access token expired at {expiresAt:O}: say hello again with a fresh one"), ending.Token);
            await served.Connection.CloseAsync(ending.Token);
            await time.Delay(ExpiryGrace, ending.Token);
        }
        catch (Exception exception) when (exception is NetworkConnectionException or OperationCanceledException or ObjectDisposedException)
        {
        }

        served.Connection.Abort();
    }

    /// <summary>
    /// Why a request may not be served, or null. With access checked, the first request must be a hello
    /// with a token of this property; a refused connection is answered once and closed, so nothing of
    /// another property's data is read or written on it.
    /// </summary>
    private string? Refuses(ServedConnection served, ProtocolMessage request)
    {
        if (_options.Access is not { } access || served.Grant is not null)
        {
            return null;
        }

        if (request is not HelloRequest hello)
        {
            return $"{request.GetType().Name} before a hello with an access token: this server serves property '{access.Property}' to token holders only";
        }

        var decision = access.Authorize(hello.AccessToken);
        served.Grant = decision.Grant;
        return decision.Refusal;
    }

    /// <summary>Merges pushed rows last-write-wins in one transaction; returns the master states that beat a pushed row.</summary>
    private IReadOnlyList<Document> Merge(ServedConnection served, PushRequest push)
    {
        var merged = _replica.Merge(push.Rows.Select(row => row.NewState).ToList(), queueForUpstream: _options.QueuePushesForUpstream);
        if (served.Subscription is not null)
        {
            foreach (var stored in merged.Stored)
            {
                served.OwnPushes.Add(stored.Sequence);
            }
        }

        return merged.Lost;
    }

    private async Task StreamAsync(ServedConnection served, CancellationToken stopping)
    {
        while (!served.Closed && !stopping.IsCancellationRequested)
        {
            var since = served.StreamedTo;
            var page = _pages.ChangesSince(since, _options.ChangeBatchSize);
            if (page.IsEmpty)
            {
                await served.Wake.WaitAsync(stopping);
                continue;
            }

            // Changes this client pushed itself are skipped: it has them already. Null: none to skip.
            var documents = served.OwnPushes.Count == 0 ? null : page.Changes.Where(change => !served.OwnPushes.Remove(change.Sequence)).Select(change => change.Document).ToList();
            served.StreamedTo = page.Checkpoint;
            if (page.Changes.Count == _options.ChangeBatchSize)
            {
                Buggify.Mark("server.stream.full-page");
            }

            // The link drops mid-stream: the client must resume from its checkpoint without a gap.
            if (Buggify.Fires("server.stream.drop"))
            {
                served.Connection.Abort();
                return;
            }

            if (documents is not { Count: 0 })
            {
                await _processor.RunAsync(new ServerWork(ServerWorkKind.LiveFanOut, documents?.Count ?? page.Changes.Count, served.Connection.RemoteEndPoint), stopping);
            }

            if (documents is null || documents.Count == page.Changes.Count)
            {
                // The usual case: the whole page, encoded once for every subscriber that is at the same place.
                await served.Connection.SendAsync(Compressed(served, _pages.EncodedChangeEvent(served.Subscription!.RequestId, since, _options.ChangeBatchSize)), stopping);
            }
            else if (documents.Count > 0)
            {
                await served.Connection.SendAsync(FrameCompression.Compress(ProtocolCodec.Encode(new ChangeEvent(served.Subscription!.RequestId, documents, page.Checkpoint)), served.Compression), stopping);
            }
        }
    }

    private ServerWork Work(IMessageConnection connection, ProtocolMessage request) => request switch
    {
        PullRequest pull => new ServerWork(ServerWorkKind.PullPage, _pages.ChangesSince(pull.Checkpoint, pull.Limit).Changes.Count, connection.RemoteEndPoint),
        PushRequest push => new ServerWork(ServerWorkKind.PushBatch, push.Rows.Count, connection.RemoteEndPoint),
        _ => new ServerWork(ServerWorkKind.Health, 0, connection.RemoteEndPoint),
    };

    private void OnReplicaChanged(IReadOnlyList<StoredChange> changes)
    {
        // A woken stream may run at once and end its connection, which leaves this list: wake from a copy.
        foreach (var served in _connections.ToArray())
        {
            served.Wake.Set();
        }
    }

    private byte[] Compressed(ServedConnection served, byte[] frame) =>
        served.Compression == WireCompression.None
            ? frame
            : _compressedFrames[(int)served.Compression].GetValue(frame, plain => FrameCompression.Compress(plain, served.Compression));

    private static ValueTask SendAsync(IMessageConnection connection, ProtocolMessage message, CancellationToken cancellationToken) =>
        connection.SendAsync(ProtocolCodec.Encode(message), cancellationToken);

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is NetworkConnectionException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private sealed class ServedConnection(IMessageConnection connection)
    {
        public IMessageConnection Connection { get; } = connection;

        public SubscribeRequest? Subscription { get; set; }

        public long StreamedTo { get; set; }

        /// <summary>Sequences this client's own pushes produced, not to be streamed back to it.</summary>
        public HashSet<long> OwnPushes { get; } = [];

        public Signal Wake { get; } = new();

        public bool Closed { get; set; }

        /// <summary>Whom the hello's token admitted; null until then (and always, where access is not checked).</summary>
        public AccessGrant? Grant { get; set; }

        /// <summary>The wait that cuts the connection when its token expires; null while none runs.</summary>
        public Task? Expiry { get; set; }

        /// <summary>Cancelled when the connection ends, so its expiry wait ends too.</summary>
        public CancellationTokenSource Ending { get; } = new();

        /// <summary>What the client's hello agreed on; none until it says hello (a version-1 client never does).</summary>
        public WireCompression Compression { get; set; }
    }
}
