using System.Net;
using System.Runtime.CompilerServices;
using Hospitality.Sync.Access;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication;

/// <summary>
/// Serves a node's replica to the nodes below it (tablets to a Greengrass, Greengrasses to the
/// cloud): pull pages of the change feed, push merged last-write-wins, and a live change stream
/// that never echoes a client's own pushes back to it. Each connection has a scope (the server's,
/// or one property's if the client's hello asks): it pulls and streams only what that scope
/// concerns, a transferred-away document as a tombstone, and a pushed row that writes into another
/// property's documents is refused and stored nowhere.
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

    // The copy of the connections a change wakes, kept for the next change: a fresh array per change
    // cost a whole-chain server one array of all its connections per change, which a device's day paid
    // more of the more properties the chain has. A wake that re-enters while one is under way copies anew.
    private ServedConnection[] _waking = [];
    private bool _wakingInUse;
    private readonly ChangeFeedPageCache _pages;
    private readonly DeltaBases _bases = new();
    private readonly Func<long, ChangeBatch, ChangeEvent> _withDeltas;
    private readonly INodeProcessor _processor;

    // A whole-chain server sends each property only the followed documents (guests) it follows.
    private readonly Followers? _followers;

    // A cached page goes to every subscriber: it is compressed once per algorithm, not once per connection.
    private readonly ConditionalWeakTable<byte[], byte[]>[] _compressedFrames = [new(), new(), new()];

    // One compressing callback per algorithm, made once: a lambda capturing the connection was allocated on every send.
    private static readonly ConditionalWeakTable<byte[], byte[]>.CreateValueCallback[] Compressors =
    [
        plain => plain,
        plain => FrameCompression.Compress(plain, WireCompression.Deflate),
        plain => FrameCompression.Compress(plain, WireCompression.Brotli),
    ];
    private IMessageListener? _listener;
    private Task _accepting = Task.CompletedTask;

    /// <summary>Serves <paramref name="replica"/>; each request's work goes through <paramref name="processor"/> first (<see cref="NodeProcessor.Unmetered"/>, the real CPU, by default).</summary>
    public ReplicationServer(Replica replica, INetwork network, ReplicationServerOptions? options = null, INodeProcessor? processor = null)
    {
        _replica = replica;
        _processor = processor ?? NodeProcessor.Unmetered;
        _network = network;
        _options = options ?? new ReplicationServerOptions();
        _followers = _options.Scope.IsWholeChain ? replica.FollowReferences(_options.QueuePushesForUpstream) : null;
        _pages = new ChangeFeedPageCache(replica, _followers);
        _withDeltas = (subscription, page) => WithDeltas(subscription, page.Changes.Select(change => change.Document), page.Checkpoint);
        _replica.Changed += OnReplicaChanged;
        _replica.Replaced += _bases.Replaced;
    }

    /// <summary>Connections being served now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Requests answered since start.</summary>
    public long RequestsServed { get; private set; }

    /// <summary>Pushed rows refused because they write into another property's documents; none was stored.</summary>
    public long RefusedWrites { get; private set; }

    /// <summary>Pushed deltas rebuilt on the version this server held (or recognised as it) and merged like whole rows.</summary>
    public long PushedDeltasApplied { get; private set; }

    /// <summary>Pushed deltas whose base this server did not hold: answered for the client to push whole, nothing stored.</summary>
    public long PushedDeltasUnapplied { get; private set; }

    /// <summary>Frames that could not be decoded; each was answered with an error, none was applied.</summary>
    public long MalformedFrames { get; private set; }

    /// <summary>Connections closed because their hello brought no token of this property (only with <see cref="ReplicationServerOptions.Access"/>).</summary>
    public long RefusedConnections { get; private set; }

    /// <summary>Admitted connections cut because their token expired (only with <see cref="ReplicationServerOptions.Time"/>).</summary>
    public long ExpiredConnections { get; private set; }

    /// <summary>Empty change events sent on idle live streams whose client asked for beacons (only with <see cref="ReplicationServerOptions.Time"/>).</summary>
    public long Beacons { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _listener = await _network.ListenAsync(new IPEndPoint(IPAddress.Any, _options.Port), cancellationToken);
        _accepting = AcceptAsync(_listener, _stopping.Token);
    }

    public async Task StopAsync()
    {
        _replica.Changed -= OnReplicaChanged;
        _replica.Replaced -= _bases.Replaced;
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
            var served = new ServedConnection(connection, _options.Scope);
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

                await _processor.RunAsync(Work(served, decoded.Message), stopping);
                switch (decoded.Message)
                {
                    case PullRequest pull when served.Scope.IsWholeChain:
                        await connection.SendAsync(Compressed(served, _pages.EncodedPullResponse(pull.RequestId, pull.Checkpoint, pull.Limit)), stopping);
                        break;
                    case PullRequest pull when ReadsPropertyFeed(served):
                        await connection.SendAsync(Compressed(served, _pages.EncodedPullResponse(pull.RequestId, pull.Checkpoint, pull.Limit, served.Scope)), stopping);
                        break;
                    case PullRequest pull:
                        await connection.SendAsync(FrameCompression.Compress(ProtocolCodec.Encode(ScopedPage(served.Scope, pull)), served.Compression), stopping);
                        break;
                    case HelloRequest hello when _options.Scope.Narrowed(hello.Property) is { } scope:
                        // The server's order of preference decides among what the client can read.
                        served.Compression = _options.Compression.FirstOrDefault(hello.Compression.Contains, WireCompression.None);
                        served.Scope = scope;
                        served.Delta = hello.Delta && _options.Delta;
                        served.Beacon = hello.Beacon is { } asked && _options.Time is not null ? (asked > _options.ShortestBeacon ? asked : _options.ShortestBeacon) : null;
                        served.PushDelta = hello.PushDelta && _options.PushDelta;
                        await SendAsync(connection, new HelloResponse(hello.RequestId, served.Compression, scope.Property, served.Delta, served.Beacon, served.PushDelta), stopping);
                        break;
                    case HelloRequest hello:
                        await SendAsync(connection, new ErrorResponse(hello.RequestId, "scope", $"this server holds property '{_options.Scope.Property}' and chain-wide documents; a client of property '{hello.Property}' cannot replicate with it"), stopping);
                        break;
                    case PushRequest push:
                        var (conflicts, refused, resend) = Merge(served, push);

                        // The push is applied but the connection dies before the answer: the client must push again, harmlessly.
                        if (Buggify.Fires("server.push.drop-before-answer"))
                        {
                            connection.Abort();
                            break;
                        }

                        await SendAsync(connection, new PushResponse(push.RequestId, conflicts, refused, resend), stopping);
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

    /// <summary>
    /// Merges the rows the connection's scope may write last-write-wins; returns the master states
    /// that beat a pushed row, and the rows refused for writing into another property's documents. The
    /// deltas whose base this server does not hold are named in the answer, and the client pushes the
    /// batch again, every row whole (a row merged already is the stored version again: nothing changes).
    /// Where one row's scope may depend on another's body (a guest is accepted for the stay pushed with
    /// it: a whole-chain server keeping followers, on a property's connection), nothing is merged until
    /// then, so every row is decided with all the others as in a whole push; elsewhere the rest is merged
    /// at once, and only the stale rows wait a round trip.
    /// </summary>
    private (IReadOnlyList<Document> Conflicts, List<RefusedWrite>? Refused, List<UnappliedDelta>? Resend) Merge(ServedConnection served, PushRequest push)
    {
        var (rows, resend) = Rebuilt(served, push);
        if (resend is not null)
        {
            Buggify.Mark("server.push.delta-base-replaced");
            if (_followers is not null && !served.Scope.IsWholeChain)
            {
                return ([], null, resend);
            }
        }

        PushedDeltasApplied += (push.Deltas?.Count ?? 0) - (resend?.Count ?? 0);

        List<RefusedWrite>? refused = null;
        if (!served.Scope.IsWholeChain)
        {
            var allowed = new List<PushRow>(rows.Count);
            var referenced = ReferencedBy(served.Scope, rows);
            foreach (var row in rows)
            {
                var current = _replica.Get(row.NewState.Collection, row.NewState.Id);
                if (served.Scope.MayWrite(current, row.NewState, _followers, referenced))
                {
                    allowed.Add(row);
                }
                else
                {
                    (refused ??= []).Add(new RefusedWrite(row.NewState.Collection, row.NewState.Id, served.Scope.Refusal(current, row.NewState)));
                }
            }

            rows = allowed;
            RefusedWrites += resend is null ? refused?.Count ?? 0 : 0; // a push to come again whole is counted then
        }

        // The merge announces what it stored, and a woken stream may run at once, inside it: this
        // connection's stream waits until its own pushes are recorded, or it would echo them back.
        served.Merging = true;
        MergeResult merged;
        try
        {
            merged = _replica.Merge(rows.Select(row => row.NewState).ToList(), queueForUpstream: _options.QueuePushesForUpstream);
        }
        finally
        {
            served.Merging = false;
        }

        if (served.Subscription is not null)
        {
            foreach (var stored in merged.Stored)
            {
                served.OwnPushes.Add(stored.Sequence);
            }
        }

        served.Wake.Set();
        return (resend is null ? merged.Lost : [], resend is null ? refused : null, resend);
    }

    /// <summary>
    /// The push's rows, then each delta rebuilt on the version this server holds when that is exactly its
    /// base: from here on a delta is the whole row it stands for, and meets the same scope and merge.
    /// </summary>
    private (IReadOnlyList<PushRow> Rows, List<UnappliedDelta>? Resend) Rebuilt(ServedConnection served, PushRequest push)
    {
        if (push.Deltas is not { Count: > 0 } deltas)
        {
            return (push.Rows, null);
        }

        var rows = new List<PushRow>(push.Count);
        rows.AddRange(push.Rows);
        List<UnappliedDelta>? resend = null;
        foreach (var delta in deltas)
        {
            // A connection that did not agree to deltas has them all resent: the client's build is newer than its hello says.
            var current = served.PushDelta ? _replica.Get(delta.Collection, delta.Id) : null;
            if (delta.ApplyTo(current) is { } rebuilt)
            {
                rows.Add(new PushRow(null, rebuilt));
            }
            else if (delta.IsVersionOf(current))
            {
                // This server holds the pushed version already (its writer's own push came first): the row
                // is that version, merged as the same whole row would be, and nothing needs resending.
                rows.Add(new PushRow(null, current!));
            }
            else
            {
                (resend ??= []).Add(new UnappliedDelta(delta.Collection, delta.Id));
                PushedDeltasUnapplied++;
            }
        }

        return (rows, resend);
    }

    /// <summary>The followed documents that rows of the scope's own property reference: a push may create a guest and its stay together.</summary>
    private HashSet<(string Collection, string Id)>? ReferencedBy(ReplicaScope scope, IReadOnlyList<PushRow> rows)
    {
        HashSet<(string Collection, string Id)>? referenced = null;
        if (_followers is null)
        {
            return null;
        }

        foreach (var row in rows)
        {
            if (_followers.ReferenceOf(row.NewState) is { } reference && reference.Property == scope.Property)
            {
                (referenced ??= []).Add((reference.Collection, reference.Id));
            }
        }

        return referenced;
    }

    /// <summary>
    /// Whether the connection reads its property's share of the feed (<see cref="PropertyFeed"/>): a
    /// property's connection to a whole-chain server. Others read the whole feed, and a scoped one
    /// (to a property's own Greengrass, whose feed is nearly all its property's) filters it.
    /// </summary>
    private bool ReadsPropertyFeed(ServedConnection served) => _followers is not null && !served.Scope.IsWholeChain;

    /// <summary>The next page of the feed the connection reads: its property's share, or the whole feed.</summary>
    private ChangeBatch FeedPage(ServedConnection served, long since, int limit) =>
        ReadsPropertyFeed(served) ? _pages.PropertyChangesSince(served.Scope, since, limit) : _pages.ChangesSince(since, limit);

    /// <summary>
    /// A pull page for a scoped connection to a server without followers: the next <paramref name="pull"/>.Limit
    /// changes its scope concerns, read on through the feed past what it does not, so a short page still means the end.
    /// </summary>
    private PullResponse ScopedPage(ReplicaScope scope, PullRequest pull)
    {
        var documents = new List<Document>();
        var checkpoint = pull.Checkpoint;
        while (true)
        {
            var page = _pages.ChangesSince(checkpoint, pull.Limit);
            foreach (var change in page.Changes)
            {
                checkpoint = change.Sequence;
                if (scope.Concerns(change, _followers))
                {
                    documents.Add(scope.AsKept(change.Document));
                    if (documents.Count == pull.Limit)
                    {
                        return new PullResponse(pull.RequestId, documents, checkpoint);
                    }
                }
            }

            if (page.Changes.Count < pull.Limit)
            {
                return new PullResponse(pull.RequestId, documents, page.Checkpoint);
            }
        }
    }

    private async Task StreamAsync(ServedConnection served, CancellationToken stopping)
    {
        var time = _options.Time;
        var lastStreamed = time?.GetTimestamp() ?? 0;
        var beaconArmed = false;
        using var beaconTimer = served.Beacon is null ? null : time!.CreateTimer(_ => { beaconArmed = false; served.Wake.Set(); }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        while (!served.Closed && !stopping.IsCancellationRequested)
        {
            var since = served.StreamedTo;
            var page = FeedPage(served, since, _options.ChangeBatchSize);
            if (page.IsEmpty)
            {
                // A property's share of the feed passes the changes it does not concern: its position moves on with it.
                served.StreamedTo = since = page.Checkpoint;
                if (served.OwnPushes.Count > 0)
                {
                    ForgetPushes(served.OwnPushes, since);
                }

                if (served.Beacon is { } every && time!.GetElapsedTime(lastStreamed) is var silence)
                {
                    if (silence >= every)
                    {
                        // An idle stream says it is alive (and how far it has come) instead of being asked.
                        Beacons++;
                        await served.Connection.SendAsync(Compressed(served, ProtocolCodec.Encode(new ChangeEvent(served.Subscription!.RequestId, [], since))), stopping);
                        lastStreamed = time.GetTimestamp();
                        silence = TimeSpan.Zero;
                    }

                    // Armed once per silence, not on every wake: most wakes are other clients' changes.
                    if (!beaconArmed)
                    {
                        beaconArmed = true;
                        beaconTimer!.Change(every - silence, Timeout.InfiniteTimeSpan);
                    }
                }

                await served.Wake.WaitAsync(stopping);
                continue;
            }

            var documents = Streamed(served, page);
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
                await _processor.RunAsync(new NodeWork(NodeWorkKind.LiveFanOut, documents?.Count ?? page.Changes.Count, served.Connection.RemoteEndPoint), stopping);
            }

            var subscription = served.Subscription!.RequestId;
            if (documents is null)
            {
                // The usual case: the whole page, encoded once for every subscriber that read the same one.
                var frame = _pages.EncodedChangeEvent(subscription, page, served.Delta ? _withDeltas : null);
                await served.Connection.SendAsync(Compressed(served, frame), stopping);
            }
            else if (documents.Count > 0)
            {
                var change = served.Delta ? WithDeltas(subscription, documents, page.Checkpoint) : new ChangeEvent(subscription, documents, page.Checkpoint);
                await served.Connection.SendAsync(FrameCompression.Compress(ProtocolCodec.Encode(change), served.Compression), stopping);
            }
            else
            {
                continue; // nothing of the page was this client's: the stream stayed silent
            }

            lastStreamed = time?.GetTimestamp() ?? 0;
        }
    }

    /// <summary>
    /// What of a page goes to this client: not the changes it pushed itself (it has them), and only
    /// what its scope concerns, as its scope keeps it. Null: the whole page as it is.
    /// </summary>
    private List<Document>? Streamed(ServedConnection served, ChangeBatch page)
    {
        // A property's share of the feed holds only what its scope concerns, already as it keeps it.
        var propertyFeed = ReadsPropertyFeed(served);
        if (served.OwnPushes.Count == 0 && (served.Scope.IsWholeChain || propertyFeed))
        {
            return null;
        }

        var documents = new List<Document>(page.Changes.Count);
        var whole = true;
        foreach (var change in page.Changes)
        {
            if (served.OwnPushes.Remove(change.Sequence) || (!propertyFeed && !served.Scope.Concerns(change, _followers)))
            {
                whole = false;
                continue;
            }

            var kept = propertyFeed ? change.Document : served.Scope.AsKept(change.Document);
            whole &= ReferenceEquals(kept, change.Document);
            documents.Add(kept);
        }

        if (propertyFeed && served.OwnPushes.Count > 0)
        {
            // Its own pushes its property's share never met (a guest it created that its property does not follow) are passed too.
            ForgetPushes(served.OwnPushes, page.Checkpoint);
        }

        return whole ? null : documents;
    }

    /// <summary>A change event whose documents go as deltas against the version before wherever that saves bytes.</summary>
    private ChangeEvent WithDeltas(long subscription, IEnumerable<Document> documents, long checkpoint)
    {
        var whole = new List<Document>();
        var deltas = new List<DocumentDelta>();
        foreach (var document in documents)
        {
            if (_bases.DeltaOf(document) is { } delta)
            {
                deltas.Add(delta);
            }
            else
            {
                whole.Add(document);
            }
        }

        return new ChangeEvent(subscription, whole, checkpoint, deltas);
    }

    // A property's pull page costs the documents it carries; a page filtered from the whole feed (a
    // Greengrass's, nearly all its property's) is counted as read.
    private NodeWork Work(ServedConnection served, ProtocolMessage request) => request switch
    {
        PullRequest pull when ReadsPropertyFeed(served) => new NodeWork(NodeWorkKind.PullPage, _pages.PropertyChangesSince(served.Scope, pull.Checkpoint, pull.Limit).Changes.Count, served.Connection.RemoteEndPoint),
        PullRequest pull => new NodeWork(NodeWorkKind.PullPage, _pages.ChangesSince(pull.Checkpoint, pull.Limit).Changes.Count, served.Connection.RemoteEndPoint),
        PushRequest push => new NodeWork(NodeWorkKind.PushBatch, push.Count, served.Connection.RemoteEndPoint),
        _ => new NodeWork(NodeWorkKind.Health, 0, served.Connection.RemoteEndPoint),
    };

    private void OnReplicaChanged(IReadOnlyList<StoredChange> changes)
    {
        _bases.Stored(changes);
        // A woken stream may run at once and end its connection, which leaves this list: wake from a copy.
        // A property's stream is woken only by changes its scope concerns: the others would find its
        // share of the feed empty, and waking every property's stream for every change of the chain
        // made each change cost every property a read.
        var count = _connections.Count;
        var reentered = _wakingInUse;
        if (!reentered && _waking.Length < count)
        {
            _waking = new ServedConnection[Math.Max(count, 2 * _waking.Length)];
        }

        var waking = reentered ? new ServedConnection[count] : _waking;
        _connections.CopyTo(waking);
        _wakingInUse = true;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var served = waking[i];
                if (!served.Merging && (!ReadsPropertyFeed(served) || ConcernsAny(served.Scope, changes)))
                {
                    served.Wake.Set();
                }
            }
        }
        finally
        {
            if (!reentered)
            {
                Array.Clear(waking, 0, count); // a closed connection is not kept alive by the copy
                _wakingInUse = false;
            }
        }
    }

    // By index: a foreach over the interface boxed an enumerator per connection per change.
    private bool ConcernsAny(ReplicaScope scope, IReadOnlyList<StoredChange> changes)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            if (scope.Concerns(changes[i], _followers))
            {
                return true;
            }
        }

        return false;
    }

    private byte[] Compressed(ServedConnection served, byte[] frame) =>
        served.Compression == WireCompression.None
            ? frame
            : _compressedFrames[(int)served.Compression].GetValue(frame, Compressors[(int)served.Compression]);

    // A lambda capturing a loop's or a method's variable is allocated each time its scope is entered, used or not:
    // the streaming loop and every page would pay for it, so the capture lives here, where pushes are forgotten.
    private static void ForgetPushes(HashSet<long> pushes, long upTo) => pushes.RemoveWhere(sequence => sequence <= upTo);

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

    private sealed class ServedConnection(IMessageConnection connection, ReplicaScope scope)
    {
        public IMessageConnection Connection { get; } = connection;

        /// <summary>The server's scope until the client's hello narrows it to one property.</summary>
        public ReplicaScope Scope { get; set; } = scope;

        public SubscribeRequest? Subscription { get; set; }

        public long StreamedTo { get; set; }

        /// <summary>Sequences this client's own pushes produced, not to be streamed back to it.</summary>
        public HashSet<long> OwnPushes { get; } = [];

        public Signal Wake { get; } = new();

        public bool Closed { get; set; }

        /// <summary>While its push is being merged: its stream is woken once the pushed sequences are known.</summary>
        public bool Merging { get; set; }

        /// <summary>Whether the client's hello asked for live changes as deltas (a version-1 client never does).</summary>
        public bool Delta { get; set; }

        /// <summary>Whether the hello agreed that its pushes may carry deltas.</summary>
        public bool PushDelta { get; set; }

        /// <summary>The longest its idle stream stays silent, as the hello agreed; null: no beacons.</summary>
        public TimeSpan? Beacon { get; set; }

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
