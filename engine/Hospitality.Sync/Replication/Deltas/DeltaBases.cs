using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication.Deltas;

/// <summary>
/// The version each document had before its latest one, as a server's replica stored them: the
/// base a live change is sent against. The store keeps only the latest version, so this remembers
/// the one before, for a bounded number of documents.
/// </summary>
internal sealed class DeltaBases
{
    /// <summary>Beyond this many documents the memory starts over; later changes go whole until bases are known again.</summary>
    public const int DocumentsMax = 262_144;

    private readonly Dictionary<(string Collection, string Id), (Document? Previous, Document Latest)> _versions = [];

    public void Stored(IReadOnlyList<StoredChange> changes)
    {
        if (_versions.Count + changes.Count > DocumentsMax)
        {
            _versions.Clear();
        }

        foreach (var change in changes)
        {
            var document = change.Document;
            var key = (document.Collection, document.Id);
            _versions[key] = (_versions.TryGetValue(key, out var known) ? known.Latest : null, document);
        }
    }

    /// <summary>The delta of <paramref name="document"/> against the version before it, when it is the latest known and worth one.</summary>
    public DocumentDelta? DeltaOf(Document document) =>
        _versions.TryGetValue((document.Collection, document.Id), out var known) && known.Previous is { } previous && known.Latest.Stamp == document.Stamp
            ? DocumentDelta.Between(previous, document)
            : null;
}
