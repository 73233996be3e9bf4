using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;
using Hospitality.Sync.Tests.Clock;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>A replica's writes, merges and events: what a replicator, a server and a host see of a node's data.</summary>
public sealed class ReplicaTests
{
    private static readonly DateTimeOffset Morning = new(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);
    private static readonly long MorningMs = Morning.ToUnixTimeMilliseconds();

    [Fact]
    public void A_write_that_breaks_the_schema_stores_nothing_and_tells_no_one()
    {
        var tablet = NewReplica("tablet-1");
        var changed = 0;
        tablet.Changed += _ => changed++;

        Assert.Throws<DocumentValidationException>(() => tablet.Write("rooms", "room-101", """{"id":"room-101","status":"sparkling"}"""));

        Assert.Null(tablet.Get("rooms", "room-101"));
        Assert.Equal(0, tablet.OutboxCount);
        Assert.Equal(0, changed);
    }

    [Fact]
    public void A_delete_is_a_queued_tombstone_stamped_by_the_clock()
    {
        var tablet = NewReplica("tablet-1");
        var written = tablet.Write("rooms", "room-101", Room("101", "clean"));

        var deleted = tablet.Delete("rooms", "room-101");

        Assert.True(deleted.Document.Deleted);
        Assert.True(deleted.Document.Stamp > written.Document.Stamp);
        Assert.Equal("tablet-1", deleted.Document.OriginNode);
        Assert.Equal(2, tablet.OutboxCount);
    }

    [Fact]
    public void A_released_version_keeps_only_its_tombstone_with_the_same_stamp_and_is_not_queued()
    {
        var greengrass = NewReplica("greengrass");
        var version = Version("room-101", "clean", wall: MorningMs - 1_000, node: "tablet-2");
        greengrass.Merge([version], upstream: "cloud", checkpoint: 1);
        var changes = new List<StoredChange>();
        greengrass.Changed += changes.AddRange;

        greengrass.Release(version);

        var kept = greengrass.Get("rooms", "room-101")!;
        Assert.Equal(version with { BodyJson = "{}", Deleted = true }, kept);
        Assert.Equal(0, greengrass.OutboxCount);
        Assert.Equal([kept], changes.Select(change => change.Document));
    }

    [Fact]
    public void A_newer_version_from_elsewhere_is_an_update_not_a_conflict()
    {
        var greengrass = NewReplica("greengrass");
        greengrass.Merge([Version("room-101", "dirty", MorningMs - 2_000, "tablet-1")]);

        greengrass.Merge([Version("room-101", "clean", MorningMs - 1_000, "tablet-2")]);

        Assert.Empty(greengrass.Conflicts);
        Assert.Empty(greengrass.Store.RecentConflicts(10));
    }

    [Fact]
    public void A_newer_version_that_replaces_a_local_write_is_a_conflict_kept_durably()
    {
        var tablet = NewReplica("tablet-1");
        var mine = tablet.Write("rooms", "room-101", Room("101", "dirty")).Document;
        var theirs = Version("room-101", "clean", mine.Stamp.WallMilliseconds + 1_000, "tablet-2");

        tablet.Merge([theirs]);

        var conflict = Assert.Single(tablet.Conflicts);
        Assert.Equal((theirs.Stamp, mine.Stamp, "tablet-1"), (conflict.WinnerStamp, conflict.LoserStamp, conflict.ResolvedByNode));
        Assert.Equal(conflict, Assert.Single(tablet.Store.RecentConflicts(10)));
        Assert.Equal(theirs, tablet.Get("rooms", "room-101"));
    }

    [Fact]
    public void An_older_version_that_arrives_late_loses_and_is_a_conflict()
    {
        var greengrass = NewReplica("greengrass");
        var newer = Version("room-101", "clean", MorningMs - 1_000, "tablet-2");
        var older = Version("room-101", "dirty", MorningMs - 2_000, "tablet-1");
        greengrass.Merge([newer]);

        var merged = greengrass.Merge([older]);

        Assert.Empty(merged.Stored);
        Assert.Equal([newer], merged.Lost);
        Assert.Equal(older.Stamp, Assert.Single(greengrass.Conflicts).LoserStamp);
    }

    [Fact]
    public void Replaced_tells_the_versions_a_merge_or_a_write_replaced_before_changed_and_nothing_for_new_documents()
    {
        var greengrass = NewReplica("greengrass");
        var first = Version("room-101", "dirty", MorningMs - 2_000, "tablet-1");
        greengrass.Merge([first]);
        var events = new List<string>();
        greengrass.Replaced += previous => events.Add("replaced " + string.Join(",", previous.Select(document => document.Stamp.WallMilliseconds)));
        greengrass.Changed += changes => events.Add("changed " + changes.Count);

        greengrass.Merge([Version("room-101", "clean", MorningMs - 1_000, "tablet-2"), Version("room-102", "clean", MorningMs - 1_000, "tablet-2")]);
        greengrass.Merge([Version("room-103", "clean", MorningMs - 1_000, "tablet-2")]);
        greengrass.Write("rooms", "room-103", Room("103", "dirty"));

        Assert.Equal([$"replaced {MorningMs - 2_000}", "changed 2", "changed 1", $"replaced {MorningMs - 1_000}", "changed 1"], events);
    }

    [Fact]
    public void A_merged_stamp_moves_the_clock_past_it_but_a_version_the_schema_refuses_does_not()
    {
        var tablet = NewReplica("tablet-1");
        var ahead = Version("room-102", "clean", MorningMs + 60_000, "tablet-2");
        var refused = Version("room-103", "sparkling", MorningMs + 120_000, "tablet-3");

        tablet.Merge([refused]);
        Assert.True(tablet.Clock.Now() < refused.Stamp);
        tablet.Merge([ahead]);

        Assert.True(tablet.Clock.Now() > ahead.Stamp);
        Assert.Equal(1, tablet.RejectedVersions);
        Assert.Null(tablet.Get("rooms", "room-103"));
    }

    [Fact]
    public void Pulled_versions_are_not_checked_against_the_schema_again_and_move_the_checkpoint_even_when_none_wins()
    {
        var tablet = NewReplica("tablet-1");
        var upstreamsOwn = Version("room-101", "sparkling", MorningMs - 1_000, "cloud");

        tablet.Merge([upstreamsOwn], upstream: "cloud", checkpoint: 4);
        tablet.Merge([upstreamsOwn], upstream: "cloud", checkpoint: 9);

        Assert.Equal(upstreamsOwn, tablet.Get("rooms", "room-101"));
        Assert.Equal(0, tablet.RejectedVersions);
        Assert.Equal(9, tablet.GetCheckpoint("cloud"));
    }

    [Fact]
    public void A_replica_opened_on_a_store_continues_above_its_newest_stamp()
    {
        var store = SqliteDocumentStore.OpenInMemory();
        var future = Version("room-101", "clean", MorningMs + 3_600_000, "tablet-2");
        store.Put(future, queueForUpstream: false);

        var tablet = new Replica(store, new HybridLogicalClock(new ManualTimeProvider(Morning), "tablet-1"));

        Assert.True(tablet.Write("rooms", "room-102", Room("102", "clean")).Document.Stamp > future.Stamp);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_versions_of_one_document_in_a_batch_keep_the_newer_in_either_order(bool newerFirst)
    {
        var greengrass = NewReplica("greengrass");
        var older = Version("room-101", "dirty", MorningMs - 2_000, "tablet-1");
        var newer = Version("room-101", "clean", MorningMs - 1_000, "tablet-2");

        var merged = greengrass.Merge(newerFirst ? [newer, older] : [older, newer]);

        Assert.Equal(newer, greengrass.Get("rooms", "room-101"));
        Assert.Equal([newer], merged.Stored.Select(change => change.Document));
    }

    [Fact]
    public void A_queued_write_superseded_by_a_pulled_version_is_not_pushed()
    {
        var tablet = NewReplica("tablet-1");
        var mine = tablet.Write("rooms", "room-101", Room("101", "dirty")).Document;
        tablet.Merge([Version("room-101", "clean", mine.Stamp.WallMilliseconds + 1_000, "tablet-2")], upstream: "greengrass", checkpoint: 5);

        var batch = tablet.TakeOutbox(10);

        Assert.Empty(batch.Changes);
        Assert.Single(batch.Sequences);
    }

    [Fact]
    public void An_empty_outbox_gives_an_empty_batch()
    {
        var batch = NewReplica("tablet-1").TakeOutbox(10);

        Assert.True(batch.IsEmpty);
        Assert.Empty(batch.Changes);
    }

    [Fact]
    public void A_store_that_keeps_fewer_versions_than_won_fails_the_merge_loudly()
    {
        var tablet = new Replica(new DroppingStore(SqliteDocumentStore.OpenInMemory()), new HybridLogicalClock(new ManualTimeProvider(Morning), "tablet-1"));

        var error = Assert.Throws<InvalidOperationException>(() => tablet.Merge([Version("room-101", "clean", MorningMs - 1_000, "tablet-2"), Version("room-102", "clean", MorningMs - 1_000, "tablet-2")]));

        Assert.Contains("stored 1 versions of the 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replica_merges_with_the_resolver_and_clock_step_it_was_given()
    {
        var observed = new List<HlcTimestamp>();
        var clock = new HybridLogicalClock(new ManualTimeProvider(Morning), "greengrass");
        var keepsTheHeld = new Replica(
            SqliteDocumentStore.OpenInMemory(),
            clock,
            resolve: (current, incoming) => new LwwResolution(current, incoming, LwwReason.LaterWallTime, IncomingWins: false),
            observe: stamp => { observed.Add(stamp); return clock.Observe(stamp); });
        var held = Version("room-101", "dirty", MorningMs - 2_000, "tablet-1");
        var newer = Version("room-101", "clean", MorningMs - 1_000, "tablet-2");
        keepsTheHeld.Merge([held]);

        keepsTheHeld.Merge([newer]);

        Assert.Equal(held, keepsTheHeld.Get("rooms", "room-101"));
        Assert.Equal([held.Stamp, newer.Stamp], observed);
    }

    private static Replica NewReplica(string node) => new(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(new ManualTimeProvider(Morning), node));

    private static Document Version(string id, string status, long wall, string node) =>
        new("rooms", id, Room(id[5..], status), new HlcTimestamp(wall, 0, node), false, node);

    private static string Room(string number, string status) =>
        $$"""{"id":"room-{{number}}","number":"{{number}}","floor":1,"type":"deluxe","status":"{{status}}"}""";

    /// <summary>A broken store: a batch keeps only its first version.</summary>
    private sealed class DroppingStore(IDocumentStore inner) : IDocumentStore
    {
        public long LastSequence => inner.LastSequence;

        public int OutboxCount => inner.OutboxCount;

        public Document? Get(string collection, string id) => inner.Get(collection, id);

        public StoredChange? GetChange(string collection, string id) => inner.GetChange(collection, id);

        public HlcTimestamp? NewestStamp() => inner.NewestStamp();

        public StoredChange Put(Document document, bool queueForUpstream) => inner.Put(document, queueForUpstream);

        public IReadOnlyList<StoredChange> PutBatch(IReadOnlyList<Document> documents, bool queueForUpstream) => inner.PutBatch(documents.Take(1).ToList(), queueForUpstream);

        public IReadOnlyList<StoredChange> PutPulled(IReadOnlyList<Document> documents, string upstream, long checkpoint) => inner.PutPulled(documents.Take(1).ToList(), upstream, checkpoint);

        public ChangeBatch ChangesSince(long sequence, int limit) => inner.ChangesSince(sequence, limit);

        public IReadOnlyList<OutboxEntry> PeekOutbox(int limit) => inner.PeekOutbox(limit);

        public void AcknowledgeOutbox(IEnumerable<long> sequences) => inner.AcknowledgeOutbox(sequences);

        public void RecordConflict(ConflictRecord record) => inner.RecordConflict(record);

        public IReadOnlyList<ConflictRecord> RecentConflicts(int limit) => inner.RecentConflicts(limit);

        public long GetCheckpoint(string upstream) => inner.GetCheckpoint(upstream);

        public void Dispose() => inner.Dispose();
    }
}
