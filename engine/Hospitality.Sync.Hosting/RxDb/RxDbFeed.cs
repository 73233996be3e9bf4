using Hospitality.Sync.Documents;
using Hospitality.Sync.Replication;

namespace Hospitality.Sync.Hosting.RxDb;

/// <summary>
/// One collection's view of a node's change feed, page by page, for pulls and the event stream. The
/// feed holds every collection, so a page skips the others' changes and keeps reading until it has
/// <c>limit</c> documents of its own or reaches the end.
/// </summary>
internal static class RxDbFeed
{
    public static (IReadOnlyList<Document> Documents, RxDbCheckpoint Checkpoint) Page(Replica replica, string collection, RxDbCheckpoint checkpoint, int limit)
    {
        var documents = new List<Document>();
        var at = checkpoint.Sequence;
        while (documents.Count < limit)
        {
            var page = replica.Store.ChangesSince(at, limit);
            if (page.IsEmpty)
            {
                break;
            }

            foreach (var change in page.Changes)
            {
                at = change.Sequence;
                if (change.Document.Collection == collection)
                {
                    documents.Add(change.Document);
                    if (documents.Count == limit)
                    {
                        break;
                    }
                }
            }
        }

        return (documents, new RxDbCheckpoint(at));
    }
}
