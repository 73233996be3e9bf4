using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Scoping;

/// <summary>
/// Which properties follow each document of a followed collection (<see cref="DocumentScope.Followed"/>,
/// a guest profile): the properties of the documents that reference it (its reservations). A
/// whole-chain replica that serves properties (the cloud) keeps it from every version it stores, so a
/// property keeps following a guest whose stay moved on; it only grows, and a replica rebuilds it from
/// its store when it starts, each row naming its property and the properties it left. It also keeps,
/// per property, the sequences at which the documents it follows are stored now: a property's share
/// of the feed finds its followed documents there, not by reading every followed document of the chain.
/// </summary>
internal sealed class Followers
{
    // Rows read at a time when a replica starts keeping followers: a bounded page, never the whole store at once.
    private const int ReadPageSize = 4_096;

    private readonly Dictionary<string, DocumentReference> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Collection, string Id), Departures> _followers = [];
    private readonly HashSet<string> _followed = new(StringComparer.Ordinal);

    // Where each stored followed document is in the feed now, and the reverse; per property, the
    // sequences of the documents it follows, in feed order. Each moves when a document is stored again.
    private readonly Dictionary<(string Collection, string Id), long> _sequences = [];
    private readonly Dictionary<long, (string Collection, string Id)> _documentsAt = [];
    // Sorted lists, not SortedSet: a SortedSet view recounts its subtree when enumerated. A document
    // stored again goes to the end; only a new follower or the read at start inserts inside.
    private readonly Dictionary<string, List<long>> _followedAt = new(StringComparer.Ordinal);

    /// <summary>Empty, for the references <paramref name="collections"/> declare.</summary>
    public Followers(IEnumerable<CollectionSchema> collections)
    {
        foreach (var schema in collections)
        {
            if (schema.Reference is { } reference)
            {
                _references[schema.Name] = reference;
            }

            if (schema.Scope == DocumentScope.Followed)
            {
                _followed.Add(schema.Name);
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
        if (_sequences.TryGetValue(key, out var sequence))
        {
            Insert(FollowedAt(property), sequence);
        }

        return true;
    }

    /// <summary>
    /// Notes where followed documents among <paramref name="changes"/> (as a store just stored them)
    /// are in the feed now, for their followers' shares of it. The replica calls it after every write.
    /// </summary>
    public void Stored(IReadOnlyList<StoredChange> changes)
    {
        foreach (var change in changes)
        {
            if (!_followed.Contains(change.Document.Collection))
            {
                continue;
            }

            var key = (change.Document.Collection, change.Document.Id);
            var properties = _followers.GetValueOrDefault(key).Properties;
            if (_sequences.TryGetValue(key, out var before))
            {
                _documentsAt.Remove(before);
                foreach (var property in properties)
                {
                    var sequences = FollowedAt(property);
                    sequences.RemoveAt(sequences.BinarySearch(before));
                }
            }

            _sequences[key] = change.Sequence;
            _documentsAt[change.Sequence] = key;
            foreach (var property in properties)
            {
                Insert(FollowedAt(property), change.Sequence);
            }
        }
    }

    /// <summary>The followed documents <paramref name="property"/> follows that are stored after <paramref name="sequence"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<(long Sequence, string Collection, string Id)> FollowedSince(string property, long sequence, int limit)
    {
        var found = new List<(long Sequence, string Collection, string Id)>();
        if (!_followedAt.TryGetValue(property, out var sequences) || sequences.Count == 0 || sequences[^1] <= sequence)
        {
            return found;
        }

        // The first sequence above the one asked from: the next after it if it is there, else where it would go.
        var at = sequences.BinarySearch(sequence);
        for (var next = at < 0 ? ~at : at + 1; next < sequences.Count && found.Count < limit; next++)
        {
            var (collection, id) = _documentsAt[sequences[next]];
            found.Add((sequences[next], collection, id));
        }

        return found;
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
            followers.Stored(page.Changes);
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

    private static void Insert(List<long> sequences, long sequence)
    {
        if (sequences.Count == 0 || sequences[^1] < sequence)
        {
            sequences.Add(sequence);
        }
        else if (sequences.BinarySearch(sequence) is var at && at < 0)
        {
            sequences.Insert(~at, sequence);
        }
    }

    private List<long> FollowedAt(string property)
    {
        if (!_followedAt.TryGetValue(property, out var sequences))
        {
            _followedAt[property] = sequences = [];
        }

        return sequences;
    }
}
