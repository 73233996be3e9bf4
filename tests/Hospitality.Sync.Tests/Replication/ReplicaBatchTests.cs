using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;
using Hospitality.Sync.Storage;
using Hospitality.Sync.Tests.Clock;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>Replica's batch API: the only way replicators and servers reach a node's store.</summary>
public sealed class ReplicaBatchTests
{
    private static readonly DateTimeOffset Morning = new(2026, 12, 6, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_local_write_returns_the_change_as_stored_and_queues_it()
    {
        var replica = NewReplica("tablet-1");

        var stored = replica.Write("rooms", "room-101", Room("101", "clean"));

        Assert.Equal(replica.LastSequence, stored.Sequence);
        Assert.Equal(stored.Document, replica.Get("rooms", "room-101"));
        Assert.Equal(1, replica.OutboxCount);
    }

    [Fact]
    public void Merged_tells_observers_every_version_a_merge_was_given_duplicates_included_after_changed()
    {
        var tablet = NewReplica("tablet-2");
        var fresh = Stamped("room-102", "clean", 1);
        tablet.Merge([fresh]);
        var events = new List<string>();
        tablet.Changed += changes => events.Add($"changed {changes.Count}");
        tablet.Merged += documents => events.Add($"merged {string.Join(",", documents.Select(document => document.Id))}");

        tablet.Merge([fresh, Stamped("room-105", "dirty", 1)], upstream: "cloud", checkpoint: 7);
        tablet.Merge([fresh]);

        Assert.Equal(["changed 1", "merged room-102,room-105", "merged room-102"], events);
    }

    [Fact]
    public void A_merged_batch_returns_what_it_stored_and_the_master_states_that_beat_the_other_rows()
    {
        var server = NewReplica("greengrass");
        var newer = server.Write("rooms", "room-101", Room("101", "occupied")).Document;
        var older = newer with { BodyJson = Room("101", "dirty"), Stamp = new HlcTimestamp(newer.Stamp.WallMilliseconds - 1000, 0, "tablet-1"), OriginNode = "tablet-1" };
        var fresh = Stamped("room-102", "clean", 1);
        var firstOfTwo = Stamped("room-103", "dirty", 1);
        var secondOfTwo = Stamped("room-103", "clean", 2);
        var invalid = Stamped("room-104", "clean", 1) with { BodyJson = """{"id":"room-104","number":"104","floor":1,"type":"deluxe","status":"sparkling"}""" };

        var merged = server.Merge([older, fresh, firstOfTwo, secondOfTwo, invalid], queueForUpstream: true);

        Assert.Equal([fresh, secondOfTwo], merged.Stored.Select(change => change.Document));
        Assert.Equal([newer, secondOfTwo], merged.Lost);
        Assert.Equal(1, server.RejectedVersions);
        Assert.Equal(3, server.OutboxCount);
    }

    [Fact]
    public void The_outbox_is_taken_without_superseded_versions_and_shrinks_only_when_acknowledged()
    {
        var tablet = NewReplica("tablet-1");
        tablet.Write("rooms", "room-101", Room("101", "dirty"));
        var latest = tablet.Write("rooms", "room-101", Room("101", "clean"));
        tablet.Write("rooms", "room-102", Room("102", "clean"));

        var batch = tablet.TakeOutbox(2);

        Assert.Equal(2, batch.Sequences.Count);
        Assert.Equal([latest], batch.Changes);
        Assert.Equal(3, tablet.OutboxCount);
        tablet.AcknowledgeOutbox(batch.Sequences);
        Assert.Equal(1, tablet.OutboxCount);
        Assert.Equal("room-102", tablet.TakeOutbox(10).Changes.Single().Document.Id);
    }

    private static Replica NewReplica(string node) => new(SqliteDocumentStore.OpenInMemory(), new HybridLogicalClock(new ManualTimeProvider(Morning), node));

    private static Document Stamped(string id, string status, int counter) =>
        new("rooms", id, Room(id[5..], status), new HlcTimestamp(Morning.ToUnixTimeMilliseconds() - 60_000, counter, "tablet-2"), false, "tablet-2");

    private static string Room(string number, string status) =>
        $$"""{"id":"room-{{number}}","number":"{{number}}","floor":1,"type":"deluxe","status":"{{status}}"}""";
}
