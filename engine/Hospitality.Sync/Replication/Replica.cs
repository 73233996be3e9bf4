using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.RunLoop;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication;

/// <summary>
/// One node's copy of the data: its store, its hybrid logical clock and its conflict log. Local
/// writes are stamped and queued for upstream; versions from elsewhere are merged last-write-wins,
/// so every replica that has seen the same versions holds the same state. It is the only owner of
/// its store: replicators and servers write, merge, read the change feed and take the outbox through
/// it, so every change passes the schema, the clock and the conflict log, and <see cref="Changed"/>.
/// </summary>
public sealed class Replica
{
    private static readonly DocumentValidator HotelValidator = new(HotelCollections.All);

    private readonly DocumentValidator _validator;
    private readonly Func<Document, Document, LwwResolution> _resolve;
    private readonly Func<HlcTimestamp, HlcTimestamp> _observe;

    // The store has no locks (SQLite in multi-thread mode, one thread per connection at a time): a replica
    // belongs to the thread that made it, its node's run loop, and refuses a write or merge from any other.
    private readonly RunLoopAffinity _loop;
    private readonly PushBases _pushBases = new();
    private bool _queueAnnounced;

    // The conflict rule is last-write-wins and every merged stamp moves the clock (the HLC receive
    // rule); a test may plant a broken rule or a skipped step to prove the checks catch it.
    public Replica(
        IDocumentStore store,
        HybridLogicalClock clock,
        DocumentValidator? validator = null,
        Func<Document, Document, LwwResolution>? resolve = null,
        Func<HlcTimestamp, HlcTimestamp>? observe = null)
    {
        Store = store;
        Clock = clock;
        _validator = validator ?? HotelValidator;
        _resolve = resolve ?? LwwResolver.Resolve;
        _observe = observe ?? clock.Observe;
        _loop = new RunLoopAffinity($"Replica {clock.NodeId}");
        _loop.BindHere();
        Conflicts = new ConflictLog(clock.NodeId);
        Conflicts.Recorded += store.RecordConflict;
        ResumeClockFromStore();
        foreach (var queued in store.PeekOutbox(PushBases.DocumentsMax))
        {
            _pushBases.QueuedUnknown(queued.Collection, queued.Id);
        }
    }

    public string NodeId => Clock.NodeId;

    public IDocumentStore Store { get; }

    public HybridLogicalClock Clock { get; }

    public ConflictLog Conflicts { get; }

    /// <summary>Which properties follow each followed document (a guest, its reservations' properties); null until <see cref="FollowReferences"/>.</summary>
    internal Followers? Followers { get; private set; }

    /// <summary>
    /// Starts keeping <see cref="Followers"/> (and where each followed document is in the feed, as every
    /// write through this replica moves it), read from the store once: a whole-chain server serving
    /// properties (the cloud) sends a property only the followed documents it follows. From then on,
    /// a version that makes a property follow a document it did not re-announces that document (stores
    /// it again under a new sequence, just before the version), so the property's pulls and streams
    /// that had passed it deliver it, ahead of the version that references it.
    /// </summary>
    /// <param name="queueForUpstream">
    /// Whether a re-announced document is queued for this node's own upstream (a whole-chain server below
    /// the cloud): storing it again under a new sequence takes the place of its queued version, which
    /// would then never go up.
    /// </param>
    internal Followers FollowReferences(bool queueForUpstream = false)
    {
        _queueAnnounced |= queueForUpstream;
        return Followers ??= Followers.Read(Store, HotelCollections.All);
    }

    /// <summary>Versions pushed or sent from elsewhere refused because they break their schema (never stored); pulled versions are the upstream's and are not checked again.</summary>
    public long RejectedVersions { get; private set; }

    /// <summary>Raised after changes were committed (local writes and merged versions alike), with the versions as stored.</summary>
    public event Action<IReadOnlyList<StoredChange>>? Changed;

    /// <summary>Raised after every merge with the versions it was given, stored or not (after <see cref="Changed"/>): observers see a duplicate arrive too.</summary>
    public event Action<IReadOnlyList<Document>>? Merged;

    /// <summary>
    /// Raised just before <see cref="Changed"/> with the versions the changes replaced (none for new
    /// documents): a server sends live changes as deltas against them. Read only while someone listens.
    /// </summary>
    public event Action<IReadOnlyList<Document>>? Replaced;

    /// <summary>The highest change sequence stored so far (0 for an empty store).</summary>
    public long LastSequence => Store.LastSequence;

    /// <summary>Local writes (and writes pushed up from below) not yet acknowledged upstream.</summary>
    public int OutboxCount => Store.OutboxCount;

    public Document? Get(string collection, string id) => Store.Get(collection, id);

    /// <summary>The last pulled position of <paramref name="upstream"/>'s change feed (0 before the first pull).</summary>
    public long GetCheckpoint(string upstream) => Store.GetCheckpoint(upstream);

    /// <summary>A page of the change feed: documents changed after <paramref name="sequence"/>, oldest first.</summary>
    public ChangeBatch ChangesSince(long sequence, int limit) => Store.ChangesSince(sequence, limit);

    /// <summary>Writes a new version locally and queues it for upstream; returns it as stored.</summary>
    /// <exception cref="DocumentValidationException">The body breaks the collection's schema; nothing was stored.</exception>
    public StoredChange Write(string collection, string id, string bodyJson) => WriteLocal(collection, id, bodyJson, deleted: false);

    /// <summary>Deletes locally: a tombstone, which replicates like any other version.</summary>
    public StoredChange Delete(string collection, string id) => WriteLocal(collection, id, "{}", deleted: true);

    /// <summary>
    /// Keeps only a tombstone, with the same stamp, of a version that left this replica's scope (a
    /// transfer to another property, or a write the upstream refused as another property's): the
    /// document's fields are dropped here, and nothing is queued for upstream.
    /// </summary>
    public void Release(Document version)
    {
        _loop.Check("a release");
        _pushBases.Forget(version.Collection, version.Id);
        var stored = Store.Put(version with { BodyJson = "{}", Deleted = true }, queueForUpstream: false);
        Followers?.Stored([stored]);
        Changed?.Invoke([stored]);
    }

    /// <summary>
    /// The oldest outbox entries, at most <paramref name="limit"/>, with the versions to push for
    /// them: a document goes up only while the version that was queued is still its latest. If a
    /// newer version replaced it, that one is either queued too (a later entry) or came from above.
    /// </summary>
    public OutboxBatch TakeOutbox(int limit)
    {
        _loop.Check("taking the outbox");
        var entries = Store.PeekOutbox(limit);
        if (entries.Count == 0)
        {
            return new OutboxBatch([], []);
        }

        var sequences = entries.Select(entry => entry.Sequence).ToList();
        var queued = sequences.ToHashSet();
        var changes = entries
            .Select(entry => (entry.Collection, entry.Id)).Distinct()
            .Select(key => Store.GetChange(key.Collection, key.Id))
            .Where(change => change is not null && queued.Contains(change.Sequence))
            .Select(change => change!)
            .ToList();
        return new OutboxBatch(changes, sequences);
    }

    /// <summary>
    /// The version <paramref name="latest"/> may be pushed against: the one the upstream is believed to
    /// hold (what the document's first queued write replaced, or what the upstream answered or sent since);
    /// null when none is known. The upstream merges a delta only if it holds exactly that version.
    /// </summary>
    internal Document? PushBaseOf(Document latest) => _pushBases.BaseOf(latest);

    /// <summary>
    /// The upstream answered a push: it now holds <paramref name="versions"/> (the pushed versions it kept
    /// and the masters that beat the others), so a newer write of those documents goes against them.
    /// </summary>
    internal void UpstreamHolds(IEnumerable<Document> versions)
    {
        _loop.Check("noting what the upstream holds");
        foreach (var held in versions)
        {
            if (_pushBases.IsPending(held.Collection, held.Id))
            {
                _pushBases.UpstreamHolds(held, Store.Get(held.Collection, held.Id));
            }
        }
    }

    /// <summary>Removes outbox entries the upstream acknowledged; the only way the outbox shrinks.</summary>
    public void AcknowledgeOutbox(IReadOnlyList<long> sequences)
    {
        _loop.Check("an outbox acknowledgement");
        Store.AcknowledgeOutbox(sequences);
    }

    /// <summary>
    /// Merges a batch of versions from elsewhere in one transaction and returns those that won, as
    /// stored, and the master states that beat the others. With an upstream, its checkpoint advances
    /// in the same transaction. Versions pushed up from a node below are queued for this node's own
    /// upstream (<paramref name="queueForUpstream"/>); pulled ones never are.
    /// </summary>
    public MergeResult Merge(IReadOnlyList<Document> incoming, string? upstream = null, long checkpoint = 0, bool queueForUpstream = false) =>
        Merge(incoming, null, upstream, checkpoint, queueForUpstream);

    /// <summary>
    /// <see cref="Merge(IReadOnlyList{Document}, string?, long, bool)"/> for a caller that has just read, with nothing
    /// written since, the version this replica holds of some rows: <paramref name="held"/>, by row, a held version or
    /// null to read it here. A live delta's base is such a read, and reading it again cost every device a lookup per change.
    /// </summary>
    internal MergeResult Merge(IReadOnlyList<Document> incoming, IReadOnlyList<Document?>? held, string? upstream, long checkpoint = 0, bool queueForUpstream = false)
    {
        _loop.Check("a merge");

        // The batch may hold several versions of one document: each is merged against the winner so far,
        // which keeps the place of the document's first version. Most batches are one live change.
        var winners = new List<Document>(incoming.Count);
        var replaced = Replaced is null ? null : new List<Document>();

        // What each document's first winning version replaced: the base its push upstream goes against.
        var queuedOver = queueForUpstream ? new List<Document?>(incoming.Count) : null;
        var places = incoming.Count > 1 ? new Dictionary<(string Collection, string Id), int>(incoming.Count) : null;

        // Per row, the master state after the merge when it is not the row itself: what beat it.
        var masters = new Document?[incoming.Count];
        for (var row = 0; row < incoming.Count; row++)
        {
            var document = incoming[row];
            // A peer running other code could send what this node's schema refuses: it is counted, not
            // stored. Versions pulled from an upstream are not checked again: the upstream validated
            // them when they were written or pushed to it, and refusing its versions would only leave
            // this replica behind the one it follows. Re-parsing every pulled body was about a tenth
            // of a 500-device resort's run.
            if (upstream is null && !_validator.Validate(document).IsValid)
            {
                RejectedVersions++;
                masters[row] = Store.Get(document.Collection, document.Id);
                continue;
            }

            _observe(document.Stamp);
            var place = places is not null && places.TryGetValue((document.Collection, document.Id), out var seen) ? seen : -1;
            var current = place >= 0 ? winners[place] : held?[row] ?? Store.Get(document.Collection, document.Id);
            if (current is not null)
            {
                var resolution = _resolve(current, document);

                // A conflict is a write that lost: the incoming one, or a write of ours it replaces.
                // An ordinary newer version from elsewhere is an update, not a conflict.
                if (resolution.IsConflict && (!resolution.IncomingWins || current.OriginNode == NodeId))
                {
                    Conflicts.Record(resolution);
                }

                if (!resolution.IncomingWins)
                {
                    masters[row] = current;
                    continue;
                }
            }

            if (place >= 0)
            {
                winners[place] = document;
            }
            else
            {
                places?.Add((document.Collection, document.Id), winners.Count);
                winners.Add(document);
                queuedOver?.Add(current);
                if (current is not null)
                {
                    replaced?.Add(current);
                }
            }
        }

        var announced = Announce(winners);
        var stored = upstream is not null
            ? Store.PutPulled(winners, upstream, checkpoint)
            : winners.Count > 0 ? Store.PutBatch(winners, queueForUpstream) : [];
        if (stored.Count != winners.Count)
        {
            throw new InvalidOperationException($"A merge stored {stored.Count} versions of the {winners.Count} that won.");
        }

        Followers?.Stored(stored);
        if (queuedOver is not null && upstream is null)
        {
            for (var winner = 0; winner < winners.Count; winner++)
            {
                _pushBases.Queued(winners[winner].Collection, winners[winner].Id, queuedOver[winner]);
            }
        }
        else if (upstream is not null && _pushBases.Count > 0)
        {
            // Each version the upstream sent is what it holds: a pending write goes against it from now on.
            UpstreamHolds(incoming);
        }

        if (stored.Count > 0)
        {
            if (replaced is { Count: > 0 })
            {
                Replaced?.Invoke(replaced);
            }

            Changed?.Invoke(announced.Count == 0 ? stored : [.. announced, .. stored]);
        }

        Merged?.Invoke(incoming);
        return new MergeResult(stored, Lost(incoming, masters, places, winners));
    }

    // A row lost when the master state after the merge is not the row: a stored version that beat
    // it, or a later row of the same batch. Each master is answered once, in the order of the rows.
    private static List<Document> Lost(IReadOnlyList<Document> incoming, Document?[] masters, Dictionary<(string Collection, string Id), int>? places, List<Document> winners)
    {
        var lost = new List<Document>();
        for (var row = 0; row < incoming.Count; row++)
        {
            var document = incoming[row];
            var master = places is not null && places.TryGetValue((document.Collection, document.Id), out var place) ? winners[place] : masters[row];
            if (master is not null && master != document && !lost.Contains(master))
            {
                lost.Add(master);
            }
        }

        return lost;
    }

    private StoredChange WriteLocal(string collection, string id, string bodyJson, bool deleted)
    {
        _loop.Check("a local write");
        var document = new Document(collection, id, bodyJson, Clock.Now(), deleted, NodeId);
        var validation = _validator.Validate(document);
        if (!validation.IsValid)
        {
            throw new DocumentValidationException(collection, id, validation);
        }

        var pending = _pushBases.IsPending(collection, id);
        var previous = Replaced is null && pending ? null : Store.Get(collection, id);
        var announced = Announce([document]);
        var stored = Store.Put(document, queueForUpstream: true);
        Followers?.Stored([stored]);
        if (!pending)
        {
            _pushBases.Queued(collection, id, previous);
        }

        if (previous is not null)
        {
            Replaced?.Invoke([previous]);
        }

        Changed?.Invoke(announced.Count == 0 ? [stored] : [.. announced, stored]);
        return stored;
    }

    /// <summary>
    /// With <see cref="Followers"/> kept: notes the properties <paramref name="versions"/> make follow
    /// the documents they reference, and stores each followed document that gained one again, before
    /// the versions (their own transaction: one lost in a crash re-announced a document harmlessly).
    /// The followers grow first, so a stream woken by these rows already sends them to the new follower.
    /// </summary>
    private IReadOnlyList<StoredChange> Announce(IReadOnlyList<Document> versions)
    {
        if (Followers is not { } followers)
        {
            return [];
        }

        List<Document>? again = null;
        foreach (var version in versions)
        {
            if (followers.ReferenceOf(version) is not { } reference || !followers.Add(reference.Collection, reference.Id, reference.Property))
            {
                continue;
            }

            // A followed document stored in the same batch goes out with it anyway; one not stored yet will be when it comes.
            if (!versions.Any(each => each.Collection == reference.Collection && each.Id == reference.Id)
                && Store.Get(reference.Collection, reference.Id) is { } followed
                && again?.Contains(followed) != true)
            {
                (again ??= []).Add(followed);
            }
        }

        if (again is null)
        {
            return [];
        }

        var announced = Store.PutBatch(again, _queueAnnounced);
        followers.Stored(announced);
        if (_queueAnnounced)
        {
            foreach (var followed in again)
            {
                _pushBases.Queued(followed.Collection, followed.Id, followed);
            }
        }

        return announced;
    }

    // A restarted node continues above the newest stamp it stored, even if its physical clock stepped back.
    private void ResumeClockFromStore()
    {
        if (Store.NewestStamp() is { } newest)
        {
            Clock.Observe(newest);
        }
    }
}
