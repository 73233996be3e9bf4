namespace Hospitality.Sync.Scoping;

/// <summary>
/// Which properties' reads of a whole-chain server's feed find a stored row, as the store keeps it in
/// one small integer per row (SQLite stores 0 and 1 in the row's header alone); a followed document's
/// row has none (null).
/// </summary>
internal enum FeedReach
{
    /// <summary>The property the row names (its property column) only.</summary>
    Property = 0,

    /// <summary>Every property: chain-wide, unplaced, a tombstone, or a document that moved.</summary>
    EveryProperty = 1,
}
