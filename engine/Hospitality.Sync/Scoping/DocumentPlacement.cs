using System.Runtime.CompilerServices;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Scoping;

/// <summary>
/// Where a version of a property-scoped document belongs (<c>propertyId</c>) and which property a
/// transfer took it from (<c>movedFrom</c>); both null for chain-wide documents, tombstones and
/// data written before scoping, which every replica holds.
/// </summary>
internal sealed record DocumentPlacement(string? Property, string? MovedFrom)
{
    public static DocumentPlacement Shared { get; } = new(null, null);

    // A server filters each change for every connection: the body is read once per decoded version.
    private static readonly ConditionalWeakTable<Document, DocumentPlacement> Read = [];

    /// <summary>The placement of <paramref name="document"/>, read from its body when its collection is property-scoped.</summary>
    public static DocumentPlacement Of(Document document, DocumentScope scope)
    {
        if (scope != DocumentScope.Property || document.Deleted)
        {
            return Shared;
        }

        return Read.GetValue(document, static each => Parse(each.BodyJson));
    }

    /// <summary>The two top-level fields, or <see cref="Shared"/> when the body names neither; never throws.</summary>
    private static DocumentPlacement Parse(string bodyJson)
    {
        var (property, movedFrom) = TopLevelStrings.Read(bodyJson, CollectionSchema.PropertyFieldName, CollectionSchema.MovedFromFieldName);
        return property is null && movedFrom is null ? Shared : new DocumentPlacement(property, movedFrom);
    }
}
