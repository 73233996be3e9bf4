using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Conflicts;

/// <summary>
/// Versions of one room document drawn from a few wall times, counters, nodes and bodies, so equal
/// stamps (with equal or different content), node-id ties and tombstones all turn up often.
/// </summary>
public static class DocumentVersions
{
    public const long BaseWallMilliseconds = 1_767_225_600_000;

    private static readonly string[] Nodes = ["tablet-1", "tablet-2", "greengrass"];

    private static readonly string[] Bodies = ["{}", """{"status":"clean"}""", """{"status":"dirty"}"""];

    public static Gen<Document> Version { get; } =
        from wall in Gen.Choose(0, 1)
        from counter in Gen.Choose(0, 1)
        from node in Gen.Elements(Nodes)
        from body in Gen.Elements(Bodies)
        from deleted in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from origin in Gen.Frequency((9, Gen.Constant(node)), (1, Gen.Elements(Nodes)))
        select new Document("rooms", "101", body, new HlcTimestamp(BaseWallMilliseconds + wall, counter, node), deleted, origin);

    public static Arbitrary<Document> One { get; } = Version.ToArbitrary();

    public static Arbitrary<(Document, Document)> Two { get; } = Version.Two().ToArbitrary();

    public static Arbitrary<(Document, Document, Document)> Three { get; } = Version.Three().ToArbitrary();

    /// <summary>A handful of versions and the same versions in another order.</summary>
    public static Arbitrary<(Document[] Versions, Document[] Shuffled)> Reordered { get; } =
        (from versions in Version.NonEmptyListOf().Select(list => list.Take(8).ToArray())
         from shuffled in Gen.Shuffle(versions)
         select (versions, shuffled)).ToArbitrary();
}
