using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Deltas;

namespace Hospitality.Sync.Tests.Replication.Deltas;

public sealed class PushBasesTests
{
    private static readonly Document FromCloud = Room("clean", new HlcTimestamp(1_000, 0, "cloud"));
    private static readonly Document First = Room("dirty", new HlcTimestamp(2_000, 0, "tablet"));
    private static readonly Document Second = Room("inspected", new HlcTimestamp(3_000, 0, "tablet"));

    [Fact]
    public void Writes_before_the_acknowledgement_all_go_against_what_the_first_one_replaced()
    {
        var bases = new PushBases();

        bases.Queued("rooms", "room-1", FromCloud);
        bases.Queued("rooms", "room-1", First);

        Assert.Equal(FromCloud, bases.BaseOf(Second));
    }

    [Fact]
    public void An_acknowledged_push_moves_a_newer_pending_write_onto_it_and_clears_a_document_with_nothing_newer()
    {
        var bases = new PushBases();
        bases.Queued("rooms", "room-1", FromCloud);

        bases.UpstreamHolds(First, latest: Second);
        Assert.Equal(First, bases.BaseOf(Second));

        bases.UpstreamHolds(Second, latest: Second);
        Assert.False(bases.IsPending("rooms", "room-1"));
        Assert.Null(bases.BaseOf(Second));
    }

    [Fact]
    public void A_new_document_a_deleted_base_and_a_restart_push_whole()
    {
        var bases = new PushBases();
        bases.Queued("rooms", "room-1", previous: null);
        bases.Queued("rooms", "room-2", FromCloud with { Id = "room-2", Deleted = true, BodyJson = "{}" });
        bases.QueuedUnknown("rooms", "room-3");
        bases.Queued("rooms", "room-3", First with { Id = "room-3" });

        Assert.Null(bases.BaseOf(First));
        Assert.Null(bases.BaseOf(First with { Id = "room-2" }));
        Assert.Null(bases.BaseOf(Second with { Id = "room-3" }));
    }

    [Fact]
    public void Versions_the_upstream_sends_of_documents_with_nothing_queued_are_not_remembered()
    {
        var bases = new PushBases();

        bases.UpstreamHolds(FromCloud, latest: FromCloud);

        Assert.Equal(0, bases.Count);
    }

    [Fact]
    public void The_memory_starts_over_past_its_bound_instead_of_growing()
    {
        var bases = new PushBases();
        for (var i = 0; i <= PushBases.DocumentsMax; i++)
        {
            bases.Queued("rooms", $"room-{i}", FromCloud with { Id = $"room-{i}" });
        }

        Assert.Equal(1, bases.Count);
    }

    private static Document Room(string status, HlcTimestamp stamp) =>
        new("rooms", "room-1", $$"""{"id":"room-1","number":"101","floor":1,"type":"deluxe-king","status":"{{status}}","maxOccupancy":2,"features":["sea-view","balcony"]}""", stamp, false, stamp.NodeId);
}
