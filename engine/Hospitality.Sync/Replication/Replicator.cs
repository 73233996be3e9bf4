using System.Globalization;
using System.Net;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Ports;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Replication.Protocol;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication;

/// <summary>
/// Keeps a replica in sync with one upstream: catch up by checkpoint, then follow the live change
/// stream (pushed to us, not polled) while local writes go up from the outbox in batches. Any
/// failure drops the connection and retries with capped exponential backoff and jitter; the
/// checkpoint and the outbox are durable, so nothing is lost or applied twice across retries.
/// </summary>
public sealed class Replicator : IAsyncDisposable
{
    private readonly Replica _replica;
    private readonly INetwork _network;
    private readonly ReplicatorOptions _options;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly Signal _wake = new();
    private readonly ReplicaScope _scope;
    private readonly INodeProcessor _processor;
    private bool _pushNow;
    private bool _resyncRequested;

    // A delta this replica could not apply (it does not hold the base) left a gap: live changes are
    // merged without moving the checkpoint until a catch-up has pulled everything after it whole.
    private bool _deltaGap;
    private bool _receiveEnded;
    private CancellationTokenSource? _stopping;
    private UpstreamSession? _session;
    private Task _running = Task.CompletedTask;

    /// <summary>Keeps <paramref name="replica"/> in sync with the upstream <paramref name="options"/> name; each page it merges and each push it encodes takes its time on <paramref name="processor"/> first (<see cref="NodeProcessor.Unmetered"/>, the real CPU, by default).</summary>
    public Replicator(Replica replica, INetwork network, ReplicatorOptions options, TimeProvider time, IRandomSource random, INodeProcessor? processor = null)
    {
        _replica = replica;
        _processor = processor ?? NodeProcessor.Unmetered;
        _network = network;
        _options = options;
        _time = time;
        _random = random;
        _scope = options.Property is { } property ? ReplicaScope.OfProperty(property) : ReplicaScope.WholeChain;
    }

    public string Upstream => _options.Upstream;

    public ReplicatorState State { get; private set; } = ReplicatorState.Stopped;

    /// <summary>
    /// While live, when the upstream last sent a frame (a <see cref="TimeProvider"/> timestamp); null otherwise.
    /// The upstream is as demonstrably up then as a health probe's answer would show.
    /// </summary>
    internal long? LiveLastHeard => State == ReplicatorState.Live ? _session?.LastHeard : null;

    /// <summary>Called as each frame of a live session arrives, after <see cref="LiveLastHeard"/> moved: a detector the replication follows moves its next round.</summary>
    internal Action? LiveHeard { get; set; }

    /// <summary>Raised after <see cref="State"/> changed.</summary>
    public event Action<ReplicatorState>? StateChanged;

    /// <summary>The round trip of the latest request, measured on the injected clock.</summary>
    public TimeSpan? LastRoundTrip { get; private set; }

    /// <summary>Connections that failed since start.</summary>
    public int Failures { get; private set; }

    /// <summary>Documents received from the upstream and stored (they won their merge).</summary>
    public long DocumentsPulled { get; private set; }

    /// <summary>Local writes the upstream acknowledged.</summary>
    public long DocumentsPushed { get; private set; }

    /// <summary>Live changes received as deltas and applied.</summary>
    public long DeltasApplied { get; private set; }

    /// <summary>Deltas whose base this replica did not hold; each led to a catch-up that pulled the document whole.</summary>
    public long DeltasMissed { get; private set; }

    /// <summary>Deltas of versions older than (or the same as) the one this replica holds: dropped, as the merge would drop them, with nothing to pull.</summary>
    public long DeltasSuperseded { get; private set; }

    /// <summary>Local writes pushed as deltas that the upstream could rebuild on the version it held.</summary>
    public long DeltasPushed { get; private set; }

    /// <summary>Pushed deltas the upstream could not apply (it no longer held the base): each went again whole.</summary>
    public long DeltasResent { get; private set; }

    /// <summary>Local writes the upstream refused as another property's (each dropped here too).</summary>
    public long WritesRefused { get; private set; }

    /// <summary>Times the live loop woke (a write, a batch due, a resync, the heartbeat, the end), for tests and diagnostics.</summary>
    internal long LoopWakes { get; private set; }

    /// <summary>Why the latest refused write was refused, for diagnostics.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>
    /// The replication loop: it runs until <see cref="StopAsync"/>. Expected failures (network,
    /// protocol, store) are retried inside; it faults only on a bug, so a host should observe it.
    /// </summary>
    public Task Completion => _running;

    /// <summary>Why the latest connection ended, for diagnostics.</summary>
    public string? LastError { get; private set; }

    /// <summary>What the current session's hello agreed on; None while plain or between sessions.</summary>
    public WireCompression Compression { get; private set; }

    /// <summary>Pushes the outbox at once instead of at the next batch interval (a host draining before it stops).</summary>
    public void PushNow()
    {
        _pushNow = true;
        _wake.Set();
    }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_stopping is not null)
        {
            return Task.CompletedTask;
        }

        _stopping = new CancellationTokenSource();
        _replica.Changed += OnReplicaChanged;
        _running = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (_stopping is null)
        {
            return;
        }

        _replica.Changed -= OnReplicaChanged;
        _stopping.Cancel();
        try
        {
            await _running;
        }
        catch (Exception exception) when (exception is OperationCanceledException or NetworkConnectionException or ProtocolViolationException or ObjectDisposedException)
        {
            // A session that broke as it was being stopped (the link changed meanwhile) ends like a stopped one.
        }

        _stopping.Dispose();
        _stopping = null;
        SetState(ReplicatorState.Stopped);
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task RunAsync(CancellationToken stopping)
    {
        var attempt = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                SetState(ReplicatorState.Connecting);
                await using var connection = await ConnectAsync(stopping);
                attempt = 0;
                _session = new UpstreamSession(connection, _time, _options.RequestTimeout);
                await SyncAsync(_session, stopping);
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested && exception is NetworkConnectionException or ProtocolViolationException or StoreException or OperationCanceledException or ObjectDisposedException)
            {
                Failures++;
                LastError = exception.Message;
            }

            SetState(ReplicatorState.Disconnected);
            await WaitToRetryAsync(RetryDelay(attempt++), stopping);
        }
    }

    /// <summary>
    /// Waits out the backoff, probing the upstream's health every <see cref="ReplicatorOptions.BackoffProbeInterval"/>
    /// meanwhile and retrying at its first answer: after an outage the backoff sits near its 30 s ceiling,
    /// and a line that came back waited that long for the first push (the offline queue's 10 s target).
    /// </summary>
    private async Task WaitToRetryAsync(TimeSpan backoff, CancellationToken stopping)
    {
        var started = _time.GetTimestamp();
        while (backoff - _time.GetElapsedTime(started) is var remaining && remaining > TimeSpan.Zero)
        {
            if (_options.BackoffProbeInterval is not { } every || remaining <= every)
            {
                await _time.Delay(remaining, stopping);
                return;
            }

            await _time.Delay(every, stopping);
            if (await UpstreamAnswersAsync(stopping))
            {
                Buggify.Mark("replicator.retry.probe-ended-backoff");
                return;
            }
        }
    }

    private async Task<bool> UpstreamAnswersAsync(CancellationToken stopping)
    {
        try
        {
            await HealthCheck.ProbeAsync(_network, _time, _options.Host, _options.Port, _options.HeartbeatTimeout, stopping, _options.AccessToken);
            return true;
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested && exception is NetworkConnectionException or ProtocolViolationException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task<IMessageConnection> ConnectAsync(CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
        var addresses = await _network.ResolveAsync(_options.Host, attempt.Token);
        var connection = await _network.ConnectAsync(new IPEndPoint(addresses[0], _options.Port), attempt.Token);
        if (_options.KeepAlive is { } keepAlive)
        {
            connection.EnableKeepAlive(keepAlive);
        }

        return connection;
    }

    private async Task SyncAsync(UpstreamSession session, CancellationToken stopping)
    {
        using var sessionEnd = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _resyncRequested = false;
        _deltaGap = false;
        _receiveEnded = false;
        var receiving = ReceiveThenWakeAsync(session, sessionEnd.Token);
        // An OS timer may fire a millisecond before the clock reaches the deadline it was set for; its firing, not
        // the clock, says a batch is due, or the batch would wait for the next heartbeat.
        var pushDue = false;
        using var pushTimer = _time.CreateTimer(_ => { pushDue = true; _wake.Set(); }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        using var heartbeatTimer = _time.CreateTimer(_ => _wake.Set(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        // Once live, every frame heard moves the heartbeat to its deadline from now, so an upstream that keeps
        // beaconing never wakes this loop for nothing (it did once per beacon on every device: 1.7 M wake-ups
        // in the resort's day); the loop still re-arms it from the silence whenever it wakes.
        var heartbeatArmed = false;
        session.Heard = () =>
        {
            if (heartbeatArmed)
            {
                heartbeatTimer.Change(session.Beacon is { } every ? every + _options.HeartbeatTimeout : _options.IdleHeartbeat, Timeout.InfiniteTimeSpan);
            }

            if (State == ReplicatorState.Live)
            {
                LiveHeard?.Invoke();
            }
        };
        try
        {
            SetState(ReplicatorState.CatchingUp);
            var beacon = _options.Beacon && _options.IdleHeartbeat >= TimeSpan.FromSeconds(ProtocolCodec.MinBeaconSeconds) && _options.IdleHeartbeat <= TimeSpan.FromSeconds(ProtocolCodec.MaxBeaconSeconds) ? _options.IdleHeartbeat : (TimeSpan?)null;
            if (_options.Compression != WireCompression.None || _options.AccessToken is not null || _options.Property is not null || _options.Delta || _options.PushDelta || beacon is not null)
            {
                Compression = await session.HelloAsync(_options.Compression, _options.AccessToken, _options.Property, _options.Delta, beacon, _options.PushDelta, sessionEnd.Token);
            }

            await CatchUpAsync(session, sessionEnd.Token);
            session.Send(new SubscribeRequest(0, _replica.GetCheckpoint(Upstream)), sessionEnd.Token);
            SetState(ReplicatorState.Live);
            var nextPushTicks = _time.GetTimestamp();
            var pacer = _options.PushInterval is null && _options.PushPacing is { } pacing ? new PushPacer(pacing, _time.TimestampFrequency, nextPushTicks) : null;
            while (true)
            {
                if (_receiveEnded)
                {
                    await receiving; // rethrows why the connection ended
                }

                if (_pushNow || pushDue || _time.GetTimestamp() >= nextPushTicks)
                {
                    pushDue = false;
                    // A host draining before it stops pushes everything now, past the pacer.
                    var drain = _pushNow;
                    _pushNow = false;
                    await PushOutboxAsync(session, drain ? null : pacer, pushTimer, sessionEnd.Token);
                    if (_options.PushInterval is { } interval)
                    {
                        nextPushTicks = _time.GetTimestamp() + (long)(interval.TotalSeconds * _time.TimestampFrequency);
                        pushTimer.Change(interval, Timeout.InfiniteTimeSpan);
                    }
                }

                if (_resyncRequested)
                {
                    _resyncRequested = false;
                    await CatchUpAsync(session, sessionEnd.Token);
                }

                // An upstream that beacons speaks at least every beacon interval: silence past it and the
                // heartbeat timeout ends the session. One that does not is asked for its health, and no
                // answer within the timeout ends it. Either way the replicator reconnects or fails over.
                var silence = _time.GetElapsedTime(session.LastHeard);
                if (session.Beacon is { } every && silence >= every + _options.HeartbeatTimeout)
                {
                    throw new NetworkConnectionException(ConnectionFailure.TimedOut, string.Create(CultureInfo.InvariantCulture, $"the upstream was silent for {silence.TotalSeconds:0.#} s; it beacons every {every.TotalSeconds:0.#} s"));
                }

                if (session.Beacon is null && silence >= _options.IdleHeartbeat)
                {
                    await session.RequestAsync<HealthResponse>(id => new HealthRequest(id), sessionEnd.Token, _options.HeartbeatTimeout);
                    silence = _time.GetElapsedTime(session.LastHeard);
                }

                // One wake-up for everything: local writes, resync requests, the batch timer, the end of the
                // connection, and the heartbeat, due exactly that long after the upstream last spoke.
                var due = (session.Beacon is { } beaconed ? beaconed + _options.HeartbeatTimeout : _options.IdleHeartbeat) - silence;
                heartbeatTimer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                heartbeatArmed = true;
                await _wake.WaitAsync(sessionEnd.Token);
                LoopWakes++;

                // A local write wakes the loop inline, inside the write: one turn later the writes made with it
                // (a check-in's guest, reservation and room) are queued too, and go in one push.
                if (_replica.OutboxCount > 0)
                {
                    await Task.Yield();
                }
            }
        }
        finally
        {
            session.Heard = null;
            Compression = WireCompression.None;
            sessionEnd.Cancel();
            session.Connection.Abort();
            await Task.WhenAny(receiving);
        }
    }

    private async Task ReceiveThenWakeAsync(UpstreamSession session, CancellationToken sessionEnd)
    {
        try
        {
            var upstream = session.Connection.RemoteEndPoint;
            await session.ReceiveAsync(message => OnEventAsync(message, upstream, sessionEnd), sessionEnd);
        }
        finally
        {
            // The wake may resume the loop inline, before this task completes: the flag tells it the session is over.
            _receiveEnded = true;
            _wake.Set();
        }
    }

    private async Task CatchUpAsync(UpstreamSession session, CancellationToken cancellationToken)
    {
        await PullToEndAsync(session, cancellationToken);

        // A delta missed during the catch-up asked for another; only a clean one closes the gap.
        _deltaGap = _resyncRequested && _deltaGap;
    }

    private async Task PullToEndAsync(UpstreamSession session, CancellationToken cancellationToken)
    {
        while (true)
        {
            var checkpoint = _replica.GetCheckpoint(Upstream);
            var started = _time.GetTimestamp();
            var page = await session.RequestAsync<PullResponse>(id => new PullRequest(id, checkpoint, _options.PullBatchSize), cancellationToken);
            LastRoundTrip = _time.GetElapsedTime(started);
            if (page.Checkpoint < checkpoint)
            {
                throw new ProtocolViolationException($"the upstream moved the checkpoint back from {checkpoint} to {page.Checkpoint}");
            }

            // The live stream may have stored past this page meanwhile; then the page holds nothing new.
            if (Buggify.Stall("replicator.catch-up.stall") is { } stall)
            {
                await _time.Delay(stall, cancellationToken);
            }

            // Decoding and merging take the processor's time before the checkpoint is compared: the live
            // stream may store past this page during that time, and a checkpoint never moves back.
            await _processor.RunAsync(new NodeWork(NodeWorkKind.ApplyChanges, page.Documents.Count, session.Connection.RemoteEndPoint), cancellationToken);
            if (page.Checkpoint > _replica.GetCheckpoint(Upstream))
            {
                Apply(page.Documents, page.Checkpoint);
            }
            else
            {
                Buggify.Mark("replicator.catch-up.page-already-stored");
            }

            if (page.Documents.Count < _options.PullBatchSize)
            {
                return;
            }

            Buggify.Mark("replicator.catch-up.next-page");
        }
    }

    private async Task OnEventAsync(ProtocolMessage message, IPEndPoint upstream, CancellationToken sessionEnd)
    {
        if (message is ChangeEvent { IsBeacon: false } arriving && arriving.Checkpoint >= _replica.GetCheckpoint(Upstream))
        {
            // The checkpoint is read again after the wait: a catch-up may have stored past this change meanwhile.
            await _processor.RunAsync(new NodeWork(NodeWorkKind.ApplyChanges, arriving.Documents.Count + (arriving.Deltas?.Count ?? 0), upstream), sessionEnd);
        }

        switch (message)
        {
            case ChangeEvent { IsBeacon: true } beacon:
                // Nothing new, but its checkpoint may pass changes this replica's scope does not hold.
                if (!_deltaGap && beacon.Checkpoint > _replica.GetCheckpoint(Upstream))
                {
                    Apply([], beacon.Checkpoint);
                }

                break;
            case ChangeEvent { Deltas.Count: > 0 } change when change.Checkpoint >= _replica.GetCheckpoint(Upstream):
                ApplyWithDeltas(change);
                break;
            case ChangeEvent change when change.Checkpoint >= _replica.GetCheckpoint(Upstream):
                Apply(change.Documents, _deltaGap ? _replica.GetCheckpoint(Upstream) : change.Checkpoint);
                break;
            case ChangeEvent:
                Buggify.Mark("replicator.change-event.stale");
                break; // older than what a catch-up already stored: nothing new in it
            case ResyncEvent:
                _resyncRequested = true;
                _wake.Set();
                break;
        }
    }

    /// <summary>
    /// Rebuilds each delta on the version this replica holds. A missed one (a base it never got) opens a
    /// gap: what could be rebuilt is merged, the checkpoint stays, and a catch-up pulls the rest whole.
    /// </summary>
    private void ApplyWithDeltas(ChangeEvent change)
    {
        var page = RebuiltChanges.Of(_replica, change.Documents, change.Deltas!);
        DeltasApplied += page.Applied;
        DeltasSuperseded += page.Superseded;
        DeltasMissed += page.Missed;
        if (page.Missed > 0)
        {
            _deltaGap = true;
            _resyncRequested = true;
            _wake.Set();
        }

        Apply(page.Documents, _deltaGap ? _replica.GetCheckpoint(Upstream) : change.Checkpoint, page.Held);
    }

    private void Apply(IReadOnlyList<Document> documents, long checkpoint, IReadOnlyList<Document?>? held = null)
    {
        // SQLite can report busy under load; the session ends and resumes from the stored checkpoint.
        if (Buggify.Fires("replicator.apply.store-busy"))
        {
            throw new StoreException("database is locked (injected)");
        }

        DocumentsPulled += _replica.Merge(documents, held, Upstream, checkpoint).Stored.Count;
    }

    // With a pacer, one token flushes what the outbox held when it was taken, however many batches that
    // takes; writes queued meanwhile wait for the next token. Without a token the rows stay queued, where
    // more join them, and the push timer is set for when one is back.
    private async Task PushOutboxAsync(UpstreamSession session, PushPacer? pacer, ITimer pushTimer, CancellationToken cancellationToken)
    {
        var flushThrough = pacer is null ? long.MaxValue : -1;
        while (_replica.TakeOutbox(_options.PushBatchSize) is { IsEmpty: false } batch)
        {
            if (batch.Changes.Count == 0)
            {
                Buggify.Mark("replicator.push.all-superseded");
                _replica.AcknowledgeOutbox(batch.Sequences);
                continue;
            }

            if (batch.Sequences[0] > flushThrough)
            {
                if (pacer!.Linger(_time.GetTimestamp()) is var lingerTicks and > 0)
                {
                    pushTimer.Change(_time.GetElapsedTime(0, lingerTicks) + TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
                    return;
                }

                if (!pacer.TryTake(_time.GetTimestamp(), out var waitTicks))
                {
                    Buggify.Mark("replicator.push.paced");
                    pushTimer.Change(_time.GetElapsedTime(0, waitTicks) + TimeSpan.FromTicks(1), Timeout.InfiniteTimeSpan);
                    return;
                }

                flushThrough = _replica.LastSequence;
            }

            var pushed = batch.Changes.Select(change => change.Document).ToList();
            var push = PushOf(pushed, session.PushDelta);
            await _processor.RunAsync(new NodeWork(NodeWorkKind.PushOutbox, pushed.Count, session.Connection.RemoteEndPoint), cancellationToken);
            var response = await PushAsync(session, push, cancellationToken);
            var resent = response.Resend?.Count ?? 0;

            // The upstream no longer holds the base of some deltas: the batch goes again, every row whole (a row
            // it merged already is the stored version again), before it is acknowledged, so a lost answer
            // leaves it queued like any other.
            if (resent > 0)
            {
                Buggify.Mark("replicator.push.delta-resent");
                response = await PushAsync(session, new PushRequest(0, [.. pushed.Select(document => new PushRow(null, document))]), cancellationToken);
            }

            // The upstream applied the push but the answer never arrived: the rows stay queued and go again.
            if (Buggify.Fires("replicator.push.response-lost"))
            {
                throw new NetworkConnectionException(ConnectionFailure.Reset, "push response lost (injected)");
            }

            if (response.Conflicts.Count > 0)
            {
                Buggify.Mark("replicator.push.upstream-kept-newer");
            }

            // The upstream kept newer versions of some documents: take them, they won.
            _replica.Merge(response.Conflicts);
            _replica.AcknowledgeOutbox(batch.Sequences);
            var refused = response.Refused ?? [];
            DocumentsPushed += pushed.Count - refused.Count;
            DeltasPushed += (push.Deltas?.Count ?? 0) - resent;
            DeltasResent += resent;
            WritesRefused += refused.Count;
            LastRefusal = refused.Count > 0 ? refused[^1].Reason : LastRefusal;
            _replica.UpstreamHolds(HeldAfter(pushed, response));
            ReleaseOutOfScope(pushed, refused);
        }
    }

    /// <summary>
    /// The push of <paramref name="pushed"/>: each as a delta against the version the upstream is believed
    /// to hold, where the upstream merges deltas and one saves bytes, the rest whole.
    /// </summary>
    private PushRequest PushOf(IReadOnlyList<Document> pushed, bool deltas)
    {
        var rows = new List<PushRow>(pushed.Count);
        List<DocumentDelta>? sent = null;
        foreach (var document in pushed)
        {
            if (deltas && _replica.PushBaseOf(document) is { } held && DocumentDelta.Between(held, document) is { } delta)
            {
                (sent ??= []).Add(delta);
            }
            else
            {
                rows.Add(new PushRow(null, document));
            }
        }

        return new PushRequest(0, rows, sent);
    }

    private async Task<PushResponse> PushAsync(UpstreamSession session, PushRequest push, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var response = await session.RequestAsync<PushResponse>(id => push with { RequestId = id }, cancellationToken);
        LastRoundTrip = _time.GetElapsedTime(started);
        return response;
    }

    /// <summary>What the upstream holds of each pushed document after its answer: the master that beat the push, else the pushed version (unless refused).</summary>
    private static IEnumerable<Document> HeldAfter(IReadOnlyList<Document> pushed, PushResponse response)
    {
        foreach (var document in pushed)
        {
            if (response.Conflicts.FirstOrDefault(master => master.Collection == document.Collection && master.Id == document.Id) is { } master)
            {
                yield return master;
            }
            else if (response.Refused?.Any(refused => refused.Collection == document.Collection && refused.Id == document.Id) != true)
            {
                yield return document;
            }
        }
    }

    /// <summary>
    /// Once the upstream has a transfer to another property, this replica keeps only its tombstone;
    /// a refused write (another property's document) is dropped the same way, so it is stored nowhere.
    /// </summary>
    private void ReleaseOutOfScope(IReadOnlyList<Document> documents, IReadOnlyList<RefusedWrite> refused)
    {
        foreach (var pushed in documents)
        {
            var wasRefused = refused.Any(each => each.Collection == pushed.Collection && each.Id == pushed.Id);
            if ((wasRefused || !_scope.Holds(pushed)) && _replica.Get(pushed.Collection, pushed.Id) == pushed)
            {
                _replica.Release(pushed);
            }
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var ceiling = Math.Min(_options.RetryMaxDelay.Ticks, _options.RetryInitialDelay.Ticks << Math.Min(attempt, 20));
        if (ceiling == _options.RetryMaxDelay.Ticks)
        {
            Buggify.Mark("replicator.retry.backoff-capped");
        }

        // Full jitter between half and all of the ceiling, so a hotel's tablets do not retry in lockstep.
        return TimeSpan.FromTicks(ceiling / 2 + (long)(_random.NextDouble() * (ceiling / 2)));
    }

    // Only local writes (queued in the outbox) give the loop work; merges of what the upstream sent
    // do not, and waking for each of them cost a loop turn per live change on every device.
    private void OnReplicaChanged(IReadOnlyList<StoredChange> changes)
    {
        if (_replica.OutboxCount > 0)
        {
            _wake.Set();
        }
    }

    private void SetState(ReplicatorState state)
    {
        if (State != state)
        {
            State = state;
            StateChanged?.Invoke(state);
        }
    }
}
