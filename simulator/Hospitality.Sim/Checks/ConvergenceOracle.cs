using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Checks;

/// <summary>
/// Knows every write that was acknowledged to its writer and what last-write-wins makes of them:
/// after healing and quiescence every replica must hold exactly that state, no acknowledged write
/// missing, and no version nobody wrote.
/// </summary>
public sealed class ConvergenceOracle
{
    private readonly Dictionary<(string Collection, string Id), Document> _expected = [];
    private readonly HashSet<(string Collection, string Id, string Stamp)> _written = [];

    /// <summary>Writes recorded so far.</summary>
    public int Writes => _written.Count;

    /// <summary>Records a write its writer saw succeed (the document the replica returned).</summary>
    public void Acknowledged(Document written)
    {
        _written.Add((written.Collection, written.Id, written.Stamp.ToString()));
        var key = (written.Collection, written.Id);
        _expected[key] = _expected.TryGetValue(key, out var current) ? LwwResolver.Resolve(current, written).Winner : written;
    }

    /// <summary>Every difference between the replicas and the expected state, in a stable order.</summary>
    public IReadOnlyList<Divergence> Check(IEnumerable<(string Name, IDocumentStore Store)> replicas)
    {
        var divergences = new List<Divergence>();
        foreach (var (name, store) in replicas)
        {
            var held = store.ChangesSince(0, int.MaxValue).Changes.ToDictionary(change => (change.Document.Collection, change.Document.Id), change => change.Document);
            foreach (var (key, expected) in _expected.OrderBy(pair => pair.Key.Collection, StringComparer.Ordinal).ThenBy(pair => pair.Key.Id, StringComparer.Ordinal))
            {
                var holds = held.GetValueOrDefault(key);
                if (holds != expected)
                {
                    divergences.Add(new Divergence(name, key.Collection, key.Id, holds, expected));
                }
            }

            foreach (var (key, holds) in held.OrderBy(pair => pair.Key.Collection, StringComparer.Ordinal).ThenBy(pair => pair.Key.Id, StringComparer.Ordinal))
            {
                if (!_expected.ContainsKey(key) || !_written.Contains((key.Collection, key.Id, holds.Stamp.ToString())))
                {
                    divergences.Add(new Divergence(name, key.Collection, key.Id, holds, _expected.GetValueOrDefault(key)));
                }
            }
        }

        return divergences;
    }
}
