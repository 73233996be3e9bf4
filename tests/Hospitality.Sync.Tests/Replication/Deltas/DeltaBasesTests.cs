using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Deltas;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Tests.Replication.Deltas;

/// <summary>The versions a server remembers as bases for live deltas: only the one its latest change replaced.</summary>
public sealed class DeltaBasesTests
{
    private const string Dirty = """{"id":"p1-room-101","propertyId":"p1","number":"101","floor":1,"type":"deluxe-king","status":"dirty","maxOccupancy":2,"features":["sea-view","balcony"]}""";
    private const string Clean = """{"id":"p1-room-101","propertyId":"p1","number":"101","floor":1,"type":"deluxe-king","status":"clean","maxOccupancy":2,"features":["sea-view","balcony"]}""";

    [Fact]
    public void The_latest_change_goes_as_a_delta_against_the_version_it_replaced()
    {
        var bases = new DeltaBases();
        var before = Room(Dirty, 1_000);
        var after = Room(Clean, 2_000);

        bases.Replaced([before]);
        bases.Stored([new StoredChange(2, after)]);

        Assert.Equal(DocumentDelta.Between(before, after), bases.DeltaOf(after));
        Assert.Null(bases.DeltaOf(Room(Clean, 3_000)));
    }

    [Fact]
    public void A_new_document_or_one_stored_again_without_its_replaced_version_has_no_base()
    {
        var bases = new DeltaBases();
        var before = Room(Dirty, 1_000);
        var after = Room(Clean, 2_000);
        bases.Replaced([before]);
        bases.Stored([new StoredChange(2, after)]);

        var again = Room(Dirty, 3_000);
        bases.Stored([new StoredChange(3, again)]);

        Assert.Null(bases.DeltaOf(after));
        Assert.Null(bases.DeltaOf(again));
    }

    [Fact]
    public void A_replaced_version_counts_only_for_the_changes_reported_right_after_it()
    {
        var bases = new DeltaBases();
        bases.Replaced([Room(Dirty, 1_000)]);
        bases.Stored([new StoredChange(2, Room(Clean, 2_000, id: "p1-room-102"))]);

        var after = Room(Clean, 2_000);
        bases.Stored([new StoredChange(3, after)]);

        Assert.Null(bases.DeltaOf(after));
    }

    [Fact]
    public void Past_its_bound_the_memory_starts_over()
    {
        var bases = new DeltaBases();
        var first = Room(Clean, 2_000, id: "doc-0");
        bases.Replaced([Room(Dirty, 1_000, id: "doc-0")]);
        bases.Stored([new StoredChange(1, first)]);
        var previous = Enumerable.Range(1, DeltaBases.DocumentsMax - 1).Select(i => Room(Dirty, 1_000, id: $"doc-{i}")).ToList();
        bases.Replaced(previous);
        bases.Stored(previous.Select((document, i) => new StoredChange(i + 2, document with { Stamp = new HlcTimestamp(2_000, 0, "tablet-2") })).ToList());
        Assert.NotNull(bases.DeltaOf(first));

        bases.Stored([new StoredChange(DeltaBases.DocumentsMax + 1, Room(Clean, 3_000, id: "one-more"))]);

        Assert.Null(bases.DeltaOf(first));
    }

    private static Document Room(string body, long wall, string id = "p1-room-101") =>
        new("rooms", id, body, new HlcTimestamp(wall, 0, "tablet-2"), Deleted: false, "tablet-2");
}
