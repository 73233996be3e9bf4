using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Scoping;

/// <summary>
/// Which properties follow each document of a followed collection (<see cref="DocumentScope.Followed"/>,
/// a guest profile): the properties of the documents that reference it (its reservations). A
/// whole-chain replica that serves properties (the cloud) keeps it from every version it stores, so a
/// property keeps following a guest whose stay moved on; it only grows, and a replica rebuilds it from
/// its store when it starts, each row naming its property and the properties it left.
/// </summary>
internal sealed class Followers
{
    // Rows read at a time when a replica starts keeping followers: a bounded page, never the whole store at once.
    private const int ReadPageSize = 4_096;

    private readonly Dictionary<string, DocumentReference> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Collection, string Id), Departures> _followers = [];

    /// <summary>Empty, for the references <paramref name="collections"/> declare.</summary>
    public Followers(IEnumerable<CollectionSchema> collections)
    {
        foreach (var schema in collections)
        {
            if (schema.Reference is { } reference)
            {
                _references[schema.Name] = reference;
            }
        }
    }

    /// <summary>Followed documents with at least one follower.</summary>
    public int Count => _followers.Count;

    public bool Follows(string collection, string id, string property) =>
        _followers.TryGetValue((collection, id), out var properties) && properties.Contains(property);

    /// <summary>
    /// The followed document this version references and the property that then follows it; null when
    /// its collection references none, it is a tombstone, or either identifier is missing or malformed.
    /// </summary>
    public (string Collection, string Id, string Property)? ReferenceOf(Document document)
    {
        if (document.Deleted || !_references.TryGetValue(document.Collection, out var reference))
        {
            return null;
        }

        // One pass over the body for both fields: the cloud asks this of every version it stores.
        var (property, id) = TopLevelStrings.Read(document.BodyJson, CollectionSchema.PropertyFieldName, reference.Field);
        return property is null || IdentifierField.Problem(property) is not null || id is null || IdentifierField.Problem(id) is not null
            ? null
            : (reference.Collection, id, property);
    }

    /// <summary>Notes that <paramref name="property"/> follows the document; true when it did not before.</summary>
    public bool Add(string collection, string id, string property)
    {
        var key = (collection, id);
        var before = _followers.GetValueOrDefault(key);
        var after = before.With(property);
        if (after == before)
        {
            return false;
        }

        _followers[key] = after;
        return true;
    }

    /// <summary>The followers of every document <paramref name="store"/> holds a reference to, from each referencing row's property and departures.</summary>
    internal static Followers Read(IDocumentStore store, IEnumerable<CollectionSchema> collections)
    {
        var followers = new Followers(collections);
        if (followers._references.Count == 0)
        {
            return followers;
        }

        for (var page = store.ChangesSince(0, ReadPageSize); page.Changes.Count > 0; page = store.ChangesSince(page.Checkpoint, ReadPageSize))
        {
            foreach (var change in page.Changes)
            {
                if (followers.ReferenceOf(change.Document) is { } reference)
                {
                    followers.Add(reference.Collection, reference.Id, reference.Property);
                    foreach (var left in change.Departed.Properties)
                    {
                        followers.Add(reference.Collection, reference.Id, left);
                    }
                }
            }
        }

        return followers;
    }
}
