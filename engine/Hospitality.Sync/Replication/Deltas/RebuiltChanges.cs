using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Replication.Deltas;

/// <summary>
/// A page of changes with its deltas rebuilt on the versions a replica holds, ready to merge: what a
/// live stream and a P2P link receive. A delta whose base the replica does not hold is missed, and the
/// receiver pulls its version whole, unless the replica holds that version or a later one (its own
/// newer write, say): then it would lose last-write-wins anyway and is superseded. A receiver that
/// remembers what its versions replaced (<see cref="DeltaBases"/>) also rebuilds a delta whose base its
/// latest version replaced: two devices' concurrent writes of one document, each over the same base.
/// </summary>
/// <param name="Documents">The whole documents, then each rebuilt delta.</param>
/// <param name="Held">Per row, the version the replica held when its delta was rebuilt (null for a whole document): the merge compares against it without reading it again.</param>
/// <param name="Applied">Deltas rebuilt on the version the replica held.</param>
/// <param name="Superseded">Deltas of a version the replica holds, or one that a version it holds beats.</param>
/// <param name="Missed">Deltas the replica could not rebuild and whose version it lacks: pull them whole.</param>
internal readonly record struct RebuiltChanges(List<Document> Documents, List<Document?> Held, int Applied, int Superseded, int Missed)
{
    public static RebuiltChanges Of(Replica replica, IReadOnlyList<Document> whole, IReadOnlyList<DocumentDelta> deltas, DeltaBases? replaced = null)
    {
        var documents = new List<Document>(whole.Count + deltas.Count);
        documents.AddRange(whole);
        var held = new List<Document?>(documents.Capacity);
        for (var row = 0; row < whole.Count; row++)
        {
            held.Add(null);
        }

        var (applied, superseded, missed) = (0, 0, 0);
        foreach (var delta in deltas)
        {
            var current = replica.Get(delta.Collection, delta.Id);
            if ((delta.ApplyTo(current) ?? delta.ApplyTo(replaced?.Before(current))) is { } rebuilt)
            {
                documents.Add(rebuilt);
                held.Add(current);
                applied++;
            }
            else if (current is not null && (current.Stamp > delta.Stamp || (current.Stamp == delta.Stamp && current.OriginNode == delta.OriginNode)))
            {
                superseded++;
            }
            else
            {
                missed++;
            }
        }

        return new RebuiltChanges(documents, held, applied, superseded, missed);
    }
}
