using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication.Deltas;

namespace Hospitality.Sync.Tests.Replication.Deltas;

public sealed class DocumentDeltaTests
{
    private const string Dirty = """{"id":"p1-room-101","propertyId":"p1","number":"101","floor":1,"type":"deluxe-king","status":"dirty","maxOccupancy":2,"features":["sea-view","balcony"]}""";
    private const string Clean = """{"id":"p1-room-101","propertyId":"p1","number":"101","floor":1,"type":"deluxe-king","status":"clean","maxOccupancy":2,"features":["sea-view","balcony"]}""";

    private static readonly HlcTimestamp First = new(1_000, 0, "tablet-1");
    private static readonly HlcTimestamp Second = new(2_000, 0, "tablet-2");

    [Fact]
    public void A_status_change_travels_as_the_changed_span_and_rebuilds_the_body_exactly()
    {
        var before = Room(Dirty, First);
        var after = Room(Clean, Second);

        var delta = DocumentDelta.Between(before, after)!;

        Assert.Equal("clean", delta.Text[..5]);
        Assert.True(delta.Text.Length < 10, delta.Text);
        Assert.Equal(after, delta.ApplyTo(before));
    }

    [Fact]
    public void A_replica_that_does_not_hold_the_base_cannot_apply_the_delta()
    {
        var delta = DocumentDelta.Between(Room(Dirty, First), Room(Clean, Second))!;

        Assert.Null(delta.ApplyTo(null));
        Assert.Null(delta.ApplyTo(Room(Dirty, new HlcTimestamp(1_500, 0, "tablet-3"))));
        Assert.Null(delta.ApplyTo(Room(Dirty, First) with { Deleted = true, BodyJson = "{}" }));
    }

    [Fact]
    public void Deletes_and_small_bodies_go_whole()
    {
        Assert.Null(DocumentDelta.Between(Room(Dirty, First), Room("{}", Second) with { Deleted = true }));
        Assert.Null(DocumentDelta.Between(Room("""{"id":"a","status":"dirty"}""", First), Room("""{"id":"a","status":"clean"}""", Second)));
    }

    [Property(MaxTest = 500)]
    public Property Any_delta_rebuilds_the_new_body_exactly_from_its_base() =>
        Prop.ForAll(Bodies().ToArbitrary(), Bodies().ToArbitrary(), (from, to) =>
        {
            var before = Room(from, First);
            var after = Room(to, Second);
            // No delta is always allowed (the version goes whole); a delta must rebuild it exactly.
            return (DocumentDelta.Between(before, after)?.ApplyTo(before) ?? after) == after;
        });

    private static Document Room(string body, HlcTimestamp stamp) => new("rooms", "p1-room-101", body, stamp, Deleted: false, stamp.NodeId);

    // Bodies sharing long runs, with surrogate pairs and quotes where a naive cut would break them.
    private static Gen<string> Bodies() =>
        Gen.Choose(1, 16).SelectMany(count => Gen.ArrayOf(Gen.Elements("{\"id\":\"p1-room-101\",", "\"notes\":\"😀 guest asked\",", "\"status\":\"clean\",", "\"status\":\"dirty\",", "\"features\":[\"sea-view\"],", "\"x\":\"\\\"\",", "😀", "😁", "é"), count))
            .Select(parts => string.Concat(parts) + "}");
}
