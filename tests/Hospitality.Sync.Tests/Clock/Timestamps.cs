using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sync.Clock;

namespace Hospitality.Sync.Tests.Clock;

/// <summary>Generators of valid <see cref="HlcTimestamp"/>s and of text that is almost one.</summary>
public static class Timestamps
{
    /// <summary>Any valid timestamp: full ranges, their edges, and node ids of any text without ':'.</summary>
    public static Gen<HlcTimestamp> Any { get; } =
        from wall in Gen.Frequency(
            (4, FsCheck.FSharp.Gen.Choose64(0, HlcTimestamp.MaxWallMilliseconds)),
            (1, Gen.Elements(0L, 1L, HlcTimestamp.MaxWallMilliseconds)))
        from counter in Gen.Frequency((4, Gen.Choose(0, HlcTimestamp.MaxCounter)), (1, Gen.Elements(0, HlcTimestamp.MaxCounter)))
        from node in NodeIds
        select new HlcTimestamp(wall, counter, node);

    /// <summary>Timestamps from a few walls, counters and nodes, so pairs often share a prefix.</summary>
    public static Gen<HlcTimestamp> Crowded { get; } =
        from wall in Gen.Choose(0, 2)
        from counter in Gen.Choose(0, 2)
        from node in Gen.Elements("a", "a-1", "b", "B", "é")
        select new HlcTimestamp(1_767_225_600_000 + wall, counter, node);

    /// <summary>The text of a valid timestamp with one character deleted, inserted or replaced.</summary>
    public static Gen<string> NearMissText { get; } =
        from text in Any.Select(timestamp => timestamp.ToString())
        from position in Gen.Choose(0, text.Length - 1)
        from replacement in Gen.Elements('0', '9', ':', '-', '+', ' ', 'x', '٣')
        from edit in Gen.Choose(0, 2)
        select edit switch
        {
            0 => text.Remove(position, 1),
            1 => text.Insert(position, replacement.ToString()),
            _ => text.Remove(position, 1).Insert(position, replacement.ToString()),
        };

    private static Gen<string> NodeIds { get; } =
        ArbMap.Default.GeneratorFor<NonEmptyString>().Select(text => text.Get.Replace(':', '.'));
}
