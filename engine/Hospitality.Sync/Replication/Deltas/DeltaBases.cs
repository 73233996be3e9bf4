using Hospitality.Sync.Clock;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sync.Replication.Deltas;

/// <summary>
/// The version each document had before its latest one, as a replica replaced them: the base a
/// server's live change or a device's P2P flood is sent against, and the base a peer's delta may
/// name when the device's latest is a concurrent write. The store keeps only the latest version, so
/// this remembers the one before, for a bounded number of documents.
/// </summary>
internal sealed class DeltaBases
{
    /// <summary>Beyond this many documents the memory starts over; later changes go whole until bases are known again.</summary>
    public const int DocumentsMax = 262_144;

    private readonly Dictionary<(string Collection, string Id), (Document Previous, HlcTimestamp Latest)> _bases = [];
    private readonly Dictionary<(string Collection, string Id), Document> _replacing = [];

    /// <summary>The replica is about to report changes that replaced these versions.</summary>
    public void Replaced(IReadOnlyList<Document> previous)
    {
        foreach (var document in previous)
        {
            _replacing[(document.Collection, document.Id)] = document;
        }
    }

    public void Stored(IReadOnlyList<StoredChange> changes)
    {
        if (_bases.Count + changes.Count > DocumentsMax)
        {
            _bases.Clear();
        }

        foreach (var change in changes)
        {
            var key = (change.Document.Collection, change.Document.Id);
            if (_replacing.Remove(key, out var previous))
            {
                _bases[key] = (previous, change.Document.Stamp);
            }
            else
            {
                _bases.Remove(key);
            }
        }

        _replacing.Clear();
    }

    /// <summary>The version <paramref name="latest"/> replaced, while it is still the latest (null for none, or no document).</summary>
    public Document? Before(Document? latest) =>
        latest is not null && _bases.TryGetValue((latest.Collection, latest.Id), out var known) && known.Latest == latest.Stamp ? known.Previous : null;

    /// <summary>The delta of <paramref name="document"/> against the version it replaced, when it is still the latest and a delta is worth it.</summary>
    public DocumentDelta? DeltaOf(Document document) =>
        _bases.TryGetValue((document.Collection, document.Id), out var known) && known.Latest == document.Stamp
            ? DocumentDelta.Between(known.Previous, document)
            : null;
}
