using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Scoping;

/// <summary>
/// What a replica, or a connection to a server, holds: the whole chain (the cloud), or one
/// property's documents plus the chain-wide ones and the followed ones its documents reference (a
/// property's devices and Greengrass). Which collections are property-scoped or followed comes from
/// their schemas. A followed document (a guest) is judged by the document alone as one the replica
/// may hold; whether a connection is sent it is the whole-chain server's <see cref="Followers"/>' to say.
/// </summary>
public sealed class ReplicaScope
{
    private readonly Dictionary<string, DocumentScope> _collections;
    private readonly IReadOnlyList<CollectionSchema> _schemas;

    private ReplicaScope(string? property, IEnumerable<CollectionSchema> collections)
    {
        if (property is not null && IdentifierField.Problem(property) is { } problem)
        {
            throw new ArgumentException($"A property id {problem}.", nameof(property));
        }

        Property = property;
        _schemas = collections.ToArray();
        _collections = collections.ToDictionary(schema => schema.Name, schema => schema.Scope, StringComparer.Ordinal);
    }

    /// <summary>Everything: the cloud's scope, and a connection's that did not say otherwise to a server of the whole chain.</summary>
    public static ReplicaScope WholeChain { get; } = new(null, HotelCollections.All);

    /// <summary>The property's own documents and the chain-wide ones.</summary>
    public static ReplicaScope OfProperty(string property, IEnumerable<CollectionSchema>? collections = null) =>
        new(property, collections ?? HotelCollections.All);

    /// <summary>The property, or null for the whole chain.</summary>
    public string? Property { get; }

    public bool IsWholeChain => Property is null;

    /// <summary>
    /// The scope a server of this scope serves a client that asked for <paramref name="property"/>:
    /// this one when it asked for none or for this property, the property's within the whole chain,
    /// and null when it asked for another property than the one this server holds.
    /// </summary>
    public ReplicaScope? Narrowed(string? property) =>
        property is null || property == Property ? this
        : IsWholeChain ? new ReplicaScope(property, _schemas)
        : null;

    internal DocumentPlacement PlacementOf(Document document) => DocumentPlacement.Of(document, ScopeOf(document.Collection));

    /// <summary>The collection's scope as its schema declares it; a collection this scope does not know is chain-wide.</summary>
    internal DocumentScope ScopeOf(string collection) => _collections.GetValueOrDefault(collection, DocumentScope.Chain);

    /// <summary>Whether the document's collection is followed (<see cref="DocumentScope.Followed"/>): a property holds it when its documents reference it.</summary>
    public bool IsFollowed(Document document) => ScopeOf(document.Collection) == DocumentScope.Followed;

    /// <summary>Whether a replica of this scope keeps this version of the document (a followed one: may keep it).</summary>
    public bool Holds(Document document) => IsWholeChain || PlacementOf(document).Property is not { } property || property == Property;

    /// <summary>Whether a replica of this scope hears of this version: it holds it, or the version moved the document away from this property.</summary>
    public bool Concerns(Document document) => Holds(document) || PlacementOf(document).MovedFrom == Property;

    /// <summary>
    /// Whether a replica of this scope hears of this change in a server's feed: as <see cref="Concerns(Document)"/>,
    /// or the document left this property at some point, so a replica that missed every move (away
    /// while it moved twice) still drops it.
    /// </summary>
    public bool Concerns(StoredChange change) =>
        Concerns(change.Document) || (Property is { } property && change.Departed.Contains(property));

    /// <summary>
    /// As <see cref="Concerns(StoredChange)"/> on a server that keeps <paramref name="followers"/> (the
    /// cloud): a followed document only while this scope's property follows it. Without followers (a
    /// property's own Greengrass, whose followed documents are all its property's) as the overload above.
    /// </summary>
    internal bool Concerns(StoredChange change, Followers? followers) =>
        followers is not null && Property is { } property && IsFollowed(change.Document)
            ? followers.Follows(change.Document.Collection, change.Document.Id, property)
            : Concerns(change);

    /// <summary>
    /// Whether a client of this scope may write <paramref name="incoming"/> over <paramref name="current"/>:
    /// the property a document belongs to now decides (so a property may transfer its own documents
    /// away, never take another's), and a new document must be created in the writer's scope, or come
    /// transferred from it: a document created and transferred while its writer was offline reaches the
    /// server as the transfer alone (an outbox pushes each document's latest version), and the writer
    /// could as well have created it at home and moved it.
    /// </summary>
    public bool MayWrite(Document? current, Document incoming) => MayWrite(current, incoming, null, null);

    /// <summary>As <see cref="MayWrite(Document?, Document)"/>, on a server that may keep followers.</summary>
    /// <remarks>
    /// With <paramref name="followers"/> (a whole-chain server), a followed document that exists may be
    /// written only by a property that follows it, or that references it in the same push
    /// (<paramref name="referencedInPush"/>); its creation, and a row that is the stored version again
    /// (a push repeated), are anyone's.
    /// </remarks>
    internal bool MayWrite(Document? current, Document incoming, Followers? followers, ISet<(string Collection, string Id)>? referencedInPush)
    {
        if (IsWholeChain)
        {
            return true;
        }

        if (followers is not null && IsFollowed(incoming))
        {
            return current is null || current.Stamp == incoming.Stamp
                || followers.Follows(incoming.Collection, incoming.Id, Property!)
                || referencedInPush?.Contains((incoming.Collection, incoming.Id)) == true;
        }

        var placement = PlacementOf(current ?? incoming); // parses the body: once per pushed row
        return placement.Property is null || placement.Property == Property || (current is null && placement.MovedFrom == Property);
    }

    /// <summary>Why a client of this scope may not write the version, for the error it is refused with.</summary>
    public string Refusal(Document? current, Document incoming)
    {
        if (IsFollowed(incoming))
        {
            return $"{incoming.Collection}/{incoming.Id} is followed by other properties only (no document of property '{Property}' references it); this connection is scoped to property '{Property}'";
        }

        var owner = current is null ? PlacementOf(incoming).Property : PlacementOf(current).Property;
        return $"{incoming.Collection}/{incoming.Id} belongs to property '{owner}'; this connection is scoped to property '{Property}' and chain-wide documents";
    }

    /// <summary>
    /// The version as a replica of this scope keeps it: as it is when it holds it, else a tombstone
    /// with the same stamp, so a document transferred away is dropped and none of its fields stay behind.
    /// </summary>
    public Document AsKept(Document document) =>
        Holds(document) ? document : document with { BodyJson = "{}", Deleted = true };

    /// <summary>For a local write: what is wrong with its placement, or null when it is in scope or transfers one of this property's documents away.</summary>
    public string? WriteProblem(Document document)
    {
        if (IsWholeChain || Concerns(document))
        {
            return null;
        }

        return $"is '{PlacementOf(document).Property}', another property's: this replica holds property '{Property}' and chain-wide documents";
    }

    public override string ToString() => Property ?? "whole chain";
}
