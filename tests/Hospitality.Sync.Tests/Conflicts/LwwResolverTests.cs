using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Conflicts;

public sealed class LwwResolverTests
{
    private const long Wall = DocumentVersions.BaseWallMilliseconds;

    [Fact]
    public void A_later_wall_time_wins_even_against_a_higher_counter()
    {
        var current = Room("""{"status":"dirty"}""", Wall, 9, "tablet-1");
        var incoming = Room("""{"status":"clean"}""", Wall + 1, 0, "tablet-2");

        var resolution = LwwResolver.Resolve(current, incoming);

        Assert.Equal(new LwwResolution(incoming, current, LwwReason.LaterWallTime, IncomingWins: true), resolution);
    }

    [Fact]
    public void Within_one_millisecond_the_higher_counter_wins()
    {
        var current = Room("""{"status":"dirty"}""", Wall, 2, "tablet-1");
        var incoming = Room("""{"status":"clean"}""", Wall, 1, "tablet-2");

        var resolution = LwwResolver.Resolve(current, incoming);

        Assert.Equal(new LwwResolution(current, incoming, LwwReason.HigherCounter, IncomingWins: false), resolution);
    }

    [Fact]
    public void Equal_wall_time_and_counter_are_settled_by_the_ordinally_greater_node_id()
    {
        var fromGreengrass = Room("""{"status":"dirty"}""", Wall, 0, "greengrass");
        var fromTablet = Room("""{"status":"clean"}""", Wall, 0, "tablet-1");

        var resolution = LwwResolver.Resolve(fromTablet, fromGreengrass);

        Assert.Same(fromTablet, resolution.Winner);
        Assert.Equal(LwwReason.NodeIdTieBreak, resolution.Reason);
    }

    [Fact]
    public void A_later_delete_wins_over_an_earlier_write()
    {
        var write = Room("""{"status":"clean"}""", Wall, 0, "tablet-1");
        var delete = Room("""{"status":"clean"}""", Wall + 10, 0, "tablet-2", deleted: true);

        Assert.Same(delete, LwwResolver.Resolve(write, delete).Winner);
    }

    [Fact]
    public void A_later_write_brings_a_deleted_document_back()
    {
        var delete = Room("{}", Wall, 0, "tablet-2", deleted: true);
        var write = Room("""{"status":"clean"}""", Wall + 10, 0, "tablet-1");

        var resolution = LwwResolver.Resolve(delete, write);

        Assert.Same(write, resolution.Winner);
        Assert.True(resolution.IncomingWins);
    }

    [Fact]
    public void Equal_stamps_with_different_bodies_keep_the_ordinally_greater_body()
    {
        var clean = Room("""{"status":"clean"}""", Wall, 0, "tablet-1");
        var dirty = Room("""{"status":"dirty"}""", Wall, 0, "tablet-1");

        var resolution = LwwResolver.Resolve(dirty, clean);

        Assert.Same(dirty, resolution.Winner);
        Assert.Equal(LwwReason.EqualStampTieBreak, resolution.Reason);
    }

    [Fact]
    public void Equal_stamps_and_bodies_keep_the_tombstone()
    {
        var live = Room("""{"status":"clean"}""", Wall, 0, "tablet-1");
        var tombstone = live with { Deleted = true };

        var resolution = LwwResolver.Resolve(live, tombstone);

        Assert.Same(tombstone, resolution.Winner);
        Assert.Equal(LwwReason.EqualStampTieBreak, resolution.Reason);
    }

    [Fact]
    public void Identical_versions_are_no_conflict_and_keep_the_current_one()
    {
        var current = Room("""{"status":"clean"}""", Wall, 0, "tablet-1");
        var incoming = current with { };

        var resolution = LwwResolver.Resolve(current, incoming);

        Assert.Same(current, resolution.Winner);
        Assert.Equal(LwwReason.Identical, resolution.Reason);
        Assert.False(resolution.IsConflict);
        Assert.False(resolution.IncomingWins);
    }

    [Fact]
    public void Versions_of_different_documents_are_refused()
    {
        var room = Room("{}", Wall, 0, "tablet-1");

        var error = Assert.Throws<ArgumentException>("incoming", () => LwwResolver.Resolve(room, room with { Id = "102" }));
        Assert.Throws<ArgumentException>("incoming", () => LwwResolver.Resolve(room, room with { Collection = "guests" }));
        Assert.Throws<ArgumentException>("incoming", () => LwwResolver.Resolve(room, room with { Collection = "Rooms" }));

        // The message names both documents, so a log shows which caller mixed them up.
        Assert.Contains("'rooms/101'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'rooms/102'", error.Message, StringComparison.Ordinal);
    }

    private static Document Room(string body, long wallMilliseconds, int counter, string node, bool deleted = false) =>
        new("rooms", "101", body, new HlcTimestamp(wallMilliseconds, counter, node), deleted, node);
}
