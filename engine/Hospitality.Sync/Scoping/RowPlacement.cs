using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Scoping;

/// <summary>
/// What a store notes of a version beside its body: the property it names (<see cref="Property"/>, for
/// the document's departures) and which properties' reads of a whole-chain server's feed find it
/// (<see cref="Reach"/>), so a property's share of the feed is read from indexes instead of filtering
/// the whole chain's feed. The reach is a superset: the server's scope still decides each row found.
/// </summary>
internal readonly record struct RowPlacement(string? Property, FeedReach? Reach)
{
    private const string PropertyKey = "\"" + CollectionSchema.PropertyFieldName + "\"";

    /// <summary>
    /// The placement of <paramref name="document"/> in the whole chain's terms (the scope a whole-chain
    /// server narrows for each property): a followed document has no reach (the server's followers
    /// decide it), a property-scoped one placed at a property and not moved reaches that property, and
    /// anything else every property. The store widens a reach to every property once the document has
    /// departures. One parse of the body, only when it names a property.
    /// </summary>
    public static RowPlacement Of(Document document)
    {
        var scope = ReplicaScope.WholeChain.ScopeOf(document.Collection);
        FeedReach? unplaced = scope == DocumentScope.Followed ? null : FeedReach.EveryProperty;
        if (document.Deleted || !document.BodyJson.Contains(PropertyKey, StringComparison.Ordinal))
        {
            return new RowPlacement(null, unplaced);
        }

        var (property, movedFrom) = TopLevelStrings.Read(document.BodyJson, CollectionSchema.PropertyFieldName, CollectionSchema.MovedFromFieldName);
        var noted = property is not null && IdentifierField.Problem(property) is null ? property : null;

        // Placed at something that is no property id: no property's read finds it, and none is concerned.
        var reach = scope == DocumentScope.Property && property is not null && movedFrom is null ? FeedReach.Property : unplaced;
        return new RowPlacement(noted, reach);
    }
}
