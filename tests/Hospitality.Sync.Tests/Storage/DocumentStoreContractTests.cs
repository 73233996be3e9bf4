using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Storage;

/// <summary>
/// What every <see cref="IDocumentStore"/> must do, whatever it stores in: SQLite (the embedded
/// default) and PostgreSQL (the cloud's choice) pass by deriving from this class.
/// </summary>
public abstract class DocumentStoreContractTests
{
    /// <summary>Opens the store called <paramref name="name"/>: the same name reopens the same data.</summary>
    protected abstract IDocumentStore Open(string name);

    [SkippableFact]
    public void A_put_is_read_back_with_a_sequence_that_only_grows()
    {
        using var store = Open("grows");
        var first = store.Put(Room("room-101", "clean", 1), queueForUpstream: false);
        var second = store.Put(Room("room-102", "dirty", 2), queueForUpstream: false);
        var replaced = store.Put(Room("room-101", "occupied", 3), queueForUpstream: false);

        Assert.True(first.Sequence < second.Sequence && second.Sequence < replaced.Sequence);
        Assert.Equal(replaced.Sequence, store.LastSequence);
        Assert.Equal(Room("room-101", "occupied", 3), store.Get("rooms", "room-101"));
        Assert.Equal(replaced, store.GetChange("rooms", "room-101"));
        Assert.Null(store.Get("rooms", "room-999"));
    }

    [SkippableFact]
    public void The_change_feed_pages_the_latest_version_of_each_document_in_sequence_order()
    {
        using var store = Open("feed");
        for (var i = 0; i < 5; i++)
        {
            store.Put(Room($"room-{100 + i}", "clean", i + 1), queueForUpstream: false);
        }

        store.Put(Room("room-100", "dirty", 10), queueForUpstream: false);
        var first = store.ChangesSince(0, 3);
        var rest = store.ChangesSince(first.Checkpoint, 10);
        var after = store.ChangesSince(rest.Checkpoint, 10);

        Assert.Equal(["room-101", "room-102", "room-103"], first.Changes.Select(change => change.Document.Id));
        Assert.Equal(["room-104", "room-100"], rest.Changes.Select(change => change.Document.Id));
        Assert.Equal(Room("room-100", "dirty", 10), rest.Changes[^1].Document);
        Assert.True(after.IsEmpty);
        Assert.Equal(rest.Checkpoint, after.Checkpoint);
    }

    [SkippableFact]
    public void A_merged_batch_is_stored_and_queued_whole_and_the_outbox_shrinks_only_by_acknowledgement()
    {
        using var store = Open("outbox");
        var stored = store.PutBatch([Room("room-201", "dirty", 1), Room("room-202", "dirty", 2), Room("room-203", "clean", 3)], queueForUpstream: true);
        store.Put(Room("room-204", "clean", 4), queueForUpstream: false);

        Assert.Equal(3, stored.Count);
        Assert.Equal(3, store.OutboxCount);
        var peeked = store.PeekOutbox(2);
        Assert.Equal([stored[0].Sequence, stored[1].Sequence], peeked.Select(entry => entry.Sequence));
        Assert.Equal(("rooms", "room-201"), (peeked[0].Collection, peeked[0].Id));

        store.AcknowledgeOutbox(peeked.Select(entry => entry.Sequence));
        store.AcknowledgeOutbox([peeked[0].Sequence]); // again: harmless

        Assert.Equal(1, store.OutboxCount);
        Assert.Equal(stored[2].Sequence, store.PeekOutbox(10).Single().Sequence);
    }

    [SkippableFact]
    public void Pulled_versions_move_the_checkpoint_with_them_and_a_checkpoint_never_goes_back()
    {
        using var store = Open("checkpoints");
        Assert.Equal(0, store.GetCheckpoint("cloud"));

        var stored = store.PutPulled([Room("room-301", "clean", 1), Room("room-302", "clean", 2)], "cloud", 40);
        store.PutPulled([], "cloud", 45);

        Assert.Equal(2, stored.Count);
        Assert.Equal(45, store.GetCheckpoint("cloud"));
        Assert.Equal(0, store.GetCheckpoint("greengrass"));
        Assert.Equal(0, store.OutboxCount);
        Assert.Throws<StoreException>(() => store.PutPulled([Room("room-303", "clean", 3)], "cloud", 44));
        Assert.Null(store.Get("rooms", "room-303"));
    }

    [SkippableFact]
    public void A_version_without_a_stamp_is_refused_and_nothing_of_its_batch_is_stored()
    {
        using var store = Open("unstamped");
        var unstamped = Room("room-402", "clean", 1) with { Stamp = default };

        Assert.Throws<ArgumentException>(() => store.PutBatch([Room("room-401", "clean", 1), unstamped], queueForUpstream: true));

        Assert.Null(store.Get("rooms", "room-401"));
        Assert.Equal(0, store.OutboxCount);
        Assert.Equal(0, store.LastSequence);
    }

    [SkippableFact]
    public void Conflicts_come_back_newest_first()
    {
        using var store = Open("conflicts");
        store.RecordConflict(new ConflictRecord("rooms", "room-501", Stamp(2), Stamp(1), LwwReason.LaterWallTime, "greengrass"));
        store.RecordConflict(new ConflictRecord("rooms", "room-502", Stamp(4), Stamp(3), LwwReason.HigherCounter, "cloud"));

        var recent = store.RecentConflicts(10);

        Assert.Equal(["room-502", "room-501"], recent.Select(record => record.Id));
        Assert.Equal(new ConflictRecord("rooms", "room-502", Stamp(4), Stamp(3), LwwReason.HigherCounter, "cloud"), recent[0]);
    }

    [SkippableFact]
    public void A_reopened_store_has_everything_committed_and_continues_its_sequence()
    {
        long last;
        using (var store = Open("reopen"))
        {
            store.PutBatch([Room("room-601", "clean", 5), Room("room-602", "dirty", 9)], queueForUpstream: true);
            store.PutPulled([Room("room-603", "clean", 7)], "cloud", 12);
            last = store.LastSequence;
        }

        using var reopened = Open("reopen");
        var next = reopened.Put(Room("room-604", "clean", 10), queueForUpstream: false);

        Assert.Equal(last, next.Sequence - 1);
        Assert.Equal(2, reopened.OutboxCount);
        Assert.Equal(12, reopened.GetCheckpoint("cloud"));
        Assert.Equal(Stamp(10), reopened.NewestStamp());
        Assert.Equal(Room("room-602", "dirty", 9), reopened.Get("rooms", "room-602"));
    }

    [SkippableFact]
    public void A_document_remembers_every_property_it_left_through_later_versions_and_a_reopen()
    {
        using (var store = Open("departures"))
        {
            var created = store.Put(Reservation("berlin", null, 1), queueForUpstream: false);
            var edited = store.Put(Reservation("berlin", null, 2), queueForUpstream: false);
            var toMunich = store.PutBatch([Reservation("munich", "berlin", 3)], queueForUpstream: false)[0];
            var toParis = store.PutPulled([Reservation("paris", "munich", 4)], "cloud", 9)[0];
            var backToBerlin = store.Put(Reservation("berlin", "paris", 5), queueForUpstream: false);

            Assert.Equal([Departures.None, Departures.None], [created.Departed, edited.Departed]);
            Assert.Equal(["berlin"], toMunich.Departed.Properties);
            Assert.Equal(["berlin", "munich"], toParis.Departed.Properties);
            Assert.Equal(["berlin", "munich", "paris"], backToBerlin.Departed.Properties);
            Assert.Equal(backToBerlin, store.GetChange("reservations", "reservation-1"));
        }

        using var reopened = Open("departures");
        var tombstone = reopened.Put(Reservation("berlin", null, 6) with { BodyJson = "{}", Deleted = true }, queueForUpstream: false);

        Assert.Equal(["berlin", "munich", "paris"], tombstone.Departed.Properties);
        Assert.Equal([tombstone], reopened.ChangesSince(0, 10).Changes);
    }

    [SkippableFact]
    public void A_chain_wide_document_and_a_body_without_a_valid_property_leave_nothing()
    {
        using var store = Open("no-departures");
        store.Put(Guest(1, """{"id":"guest-1","name":"Ada"}"""), queueForUpstream: false);
        var renamed = store.Put(Guest(2, """{"id":"guest-1","name":"Ada L."}"""), queueForUpstream: false);
        store.Put(Reservation("berlin", null, 3) with { BodyJson = """{"propertyId":"not valid!"}""" }, queueForUpstream: false);
        var placed = store.Put(Reservation("berlin", null, 4), queueForUpstream: false);

        Assert.True(renamed.Departed.IsEmpty);
        Assert.True(placed.Departed.IsEmpty);
    }

    [SkippableFact]
    public void A_propertys_read_of_the_feed_finds_its_own_shared_and_moved_rows_in_order_never_another_propertys_nor_a_followed_one()
    {
        using (var store = Open("property-feed"))
        {
            store.Put(Placed("rooms", "own", "berlin", null, 1), queueForUpstream: false);
            store.Put(Placed("rooms", "other", "munich", null, 2), queueForUpstream: false);
            store.Put(Guest(3, """{"id":"guest-1","name":"Ada","propertyId":"berlin"}"""), queueForUpstream: false);
            store.Put(Placed("rate-plans", "chain-wide", "munich", null, 4), queueForUpstream: false);
            store.Put(Placed("rooms", "deleted", "munich", null, 5) with { BodyJson = "{}", Deleted = true }, queueForUpstream: false);
            store.Put(Placed("rooms", "moved-here", "munich", "paris", 6), queueForUpstream: false);
            store.Put(Placed("rooms", "left", "berlin", null, 7), queueForUpstream: false);
            store.Put(Placed("rooms", "left", "munich", null, 8), queueForUpstream: false);
            store.Put(new Document("rooms", "unplaced", """{"id":"unplaced"}""", Stamp(9), false, "tablet-1"), queueForUpstream: false);
            store.Put(Placed("rooms", "own", "berlin", null, 10), queueForUpstream: false);
        }

        using var reopened = Open("property-feed");
        var berlin = reopened.PropertyChangesSince("berlin", 0, 100);
        var firstTwo = reopened.PropertyChangesSince("berlin", 0, 2);
        var rest = reopened.PropertyChangesSince("berlin", firstTwo.Checkpoint, 100);

        Assert.Equal(["chain-wide", "deleted", "moved-here", "left", "unplaced", "own"], berlin.Changes.Select(change => change.Document.Id));
        Assert.Equal(berlin.Changes.Select(change => change.Sequence).Order(), berlin.Changes.Select(change => change.Sequence));
        Assert.Equal(berlin.Changes, [.. firstTwo.Changes, .. rest.Changes]);
        Assert.Equal(firstTwo.Changes[^1].Sequence, firstTwo.Checkpoint);
        Assert.Equal(["other", "chain-wide", "deleted", "moved-here", "left", "unplaced"], reopened.PropertyChangesSince("munich", 0, 100).Changes.Select(change => change.Document.Id));
        Assert.True(reopened.PropertyChangesSince("berlin", reopened.LastSequence, 100).IsEmpty);
    }

    private static Document Placed(string collection, string id, string property, string? movedFrom, long wallMs) =>
        new(collection, id, movedFrom is null
            ? $$"""{"id":"{{id}}","propertyId":"{{property}}"}"""
            : $$"""{"id":"{{id}}","propertyId":"{{property}}","movedFrom":"{{movedFrom}}"}""", Stamp(wallMs), false, "tablet-1");

    private static HlcTimestamp Stamp(long wallMs) => new(wallMs, 0, "tablet-1");

    private static Document Reservation(string property, string? movedFrom, long wallMs) =>
        new("reservations", "reservation-1", movedFrom is null
            ? $$"""{"id":"reservation-1","propertyId":"{{property}}","status":"confirmed"}"""
            : $$"""{"id":"reservation-1","propertyId":"{{property}}","movedFrom":"{{movedFrom}}","status":"confirmed"}""", Stamp(wallMs), false, "tablet-1");

    private static Document Guest(long wallMs, string body) => new("guests", "guest-1", body, Stamp(wallMs), false, "tablet-1");

    private static Document Room(string id, string status, long wallMs) =>
        new("rooms", id, $$"""{"id":"{{id}}","number":"{{id[5..]}}","floor":1,"type":"deluxe","status":"{{status}}"}""", Stamp(wallMs), false, "tablet-1");
}
