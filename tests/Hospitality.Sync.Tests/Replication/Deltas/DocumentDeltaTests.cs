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

    [Fact]
    public void A_delta_recognises_the_version_it_rebuilds_by_its_stamp_origin_and_changed_span()
    {
        var before = Room(Dirty, First);
        var after = Room(Clean, Second);
        var delta = DocumentDelta.Between(before, after)!;

        Assert.True(delta.IsVersionOf(after));
        Assert.False(delta.IsVersionOf(before));
        Assert.False(delta.IsVersionOf(null));
        Assert.False(delta.IsVersionOf(after with { Deleted = true, BodyJson = "{}" }));
        Assert.False(delta.IsVersionOf(after with { OriginNode = "greengrass" }));
        Assert.False(delta.IsVersionOf(after with { BodyJson = Dirty }));
    }

    [Fact]
    public void Only_a_later_version_of_the_same_live_document_goes_as_a_delta()
    {
        var before = Room(Dirty, First);
        var after = Room(Clean, Second);

        Assert.NotNull(DocumentDelta.Between(before, after));
        Assert.Null(DocumentDelta.Between(before with { Deleted = true }, after));
        Assert.Null(DocumentDelta.Between(before, after with { Stamp = First }));
        Assert.Null(DocumentDelta.Between(before with { Id = "p1-room-102" }, after));
        Assert.Null(DocumentDelta.Between(before with { Collection = "guests" }, after));
    }

    [Fact]
    public void A_delta_goes_when_it_keeps_at_least_the_saving_minimum()
    {
        var kept = new string('k', DocumentDelta.SavingMinChars);
        var before = Room(kept + "a", First);

        var enough = DocumentDelta.Between(before, Room(kept + "b", Second));
        var tooLittle = DocumentDelta.Between(before, Room(kept[1..] + "b", Second));

        Assert.Equal((DocumentDelta.SavingMinChars, 0, "b"), (enough!.KeepPrefix, enough.KeepSuffix, enough.Text));
        Assert.Null(tooLittle);
    }

    [Fact]
    public void The_changed_span_never_splits_a_surrogate_pair()
    {
        var common = new string('k', DocumentDelta.SavingMinChars);
        var delta = DocumentDelta.Between(Room(common + "😀" + common, First), Room(common + "😁" + common, Second))!;

        // The two emoji share their high surrogate and differ in the low one: a naive cut would send a lone low surrogate.
        Assert.Equal("😁", delta.Text);
        Assert.Equal((DocumentDelta.SavingMinChars, DocumentDelta.SavingMinChars), (delta.KeepPrefix, delta.KeepSuffix));
    }

    [Fact]
    public void The_changed_span_never_splits_a_surrogate_pair_at_its_end()
    {
        var common = new string('k', DocumentDelta.SavingMinChars);
        var delta = DocumentDelta.Between(Room(common + "a\U0001F600" + common, First), Room(common + "b\U0001F200" + common, Second))!;

        // U+1F600 and U+1F200 share their low surrogate: a naive cut would keep it and end the span on a lone high surrogate.
        Assert.Equal("b\U0001F200", delta.Text);
        Assert.Equal(DocumentDelta.SavingMinChars, delta.KeepSuffix);
    }

    [Fact]
    public void A_delta_that_does_not_fit_the_version_held_is_not_applied()
    {
        var before = Room(Dirty, First);
        var delta = DocumentDelta.Between(before, Room(Clean, Second))!;

        Assert.Null(delta.ApplyTo(before with { Id = "p1-room-102" }));
        Assert.Null(delta.ApplyTo(before with { Collection = "guests" }));
        Assert.Null((delta with { KeepPrefix = -1 }).ApplyTo(before));
        Assert.Null((delta with { KeepSuffix = -1 }).ApplyTo(before));
        Assert.Null((delta with { KeepPrefix = before.BodyJson.Length - delta.KeepSuffix + 1 }).ApplyTo(before));
        Assert.NotNull((delta with { KeepPrefix = before.BodyJson.Length - delta.KeepSuffix }).ApplyTo(before));
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
