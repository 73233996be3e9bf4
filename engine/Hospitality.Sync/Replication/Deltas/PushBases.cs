using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Replication.Deltas;

/// <summary>
/// For each document with a version queued for upstream, the version the upstream is believed to hold:
/// the one the first queued write replaced (pulled, streamed, or pushed and acknowledged before), moved
/// on when the upstream answers or sends a newer one. A push sends the queued version as a delta against
/// it. Memory, not the store: a base is only a guess that the server checks by its stamp, so losing it in
/// a restart costs whole documents, not data, and the store's schema stays as it is.
/// </summary>
internal sealed class PushBases
{
    /// <summary>Beyond this many pending documents the memory starts over; their next pushes go whole.</summary>
    public const int DocumentsMax = 65_536;

    // Null: queued with no base the upstream holds (a new document, or one queued before a restart).
    private readonly Dictionary<(string Collection, string Id), Document?> _bases = [];

    public int Count => _bases.Count;

    /// <summary>A version of the document was queued for upstream, replacing <paramref name="previous"/> (null: none).</summary>
    public void Queued(string collection, string id, Document? previous)
    {
        // An earlier queued version is still unacknowledged: the upstream holds what it replaced, not it.
        if (_bases.ContainsKey((collection, id)))
        {
            return;
        }

        if (_bases.Count >= DocumentsMax)
        {
            _bases.Clear();
        }

        _bases[(collection, id)] = previous;
    }

    /// <summary>Versions queued before this memory existed (a restart): the upstream holds none of them, and what it holds is unknown.</summary>
    public void QueuedUnknown(string collection, string id)
    {
        if (_bases.Count < DocumentsMax)
        {
            _bases.TryAdd((collection, id), null);
        }
    }

    /// <summary>The base to push <paramref name="latest"/> against, when one is known and is another live version.</summary>
    public Document? BaseOf(Document latest) =>
        _bases.TryGetValue((latest.Collection, latest.Id), out var known) && known is { Deleted: false } && known.Stamp != latest.Stamp
            ? known
            : null;

    /// <summary>Whether the document has a version queued (and so a base to move on).</summary>
    public bool IsPending(string collection, string id) => _bases.ContainsKey((collection, id));

    /// <summary>
    /// The upstream now holds <paramref name="held"/> (it acknowledged it, answered it as the master, or
    /// sent it). If this replica's latest is that version, nothing is pending any more; if it is a newer
    /// write, that write goes against <paramref name="held"/>.
    /// </summary>
    public void UpstreamHolds(Document held, Document? latest)
    {
        var key = (held.Collection, held.Id);
        if (!_bases.ContainsKey(key))
        {
            return;
        }

        if (latest is null || latest.Stamp == held.Stamp)
        {
            _bases.Remove(key);
        }
        else
        {
            _bases[key] = held;
        }
    }

    /// <summary>The document is no longer pending (its queued version was refused, or it left this replica's scope).</summary>
    public void Forget(string collection, string id) => _bases.Remove((collection, id));
}
