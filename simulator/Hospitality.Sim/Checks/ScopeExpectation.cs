using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;

namespace Hospitality.Sim.Checks;

/// <summary>
/// What a replica of a scope should hold of a state (the oracle's expected one, or the cloud's): what
/// its <see cref="ReplicaScope"/> holds, and of a followed collection (guests) exactly the documents its
/// property's documents reference in that state. A followed document the property no longer references
/// (its stay moved away) may stay, at whatever version the replica last had: nothing releases it yet.
/// Given the references of every version written, only a guest some version of the property's
/// documents referenced may stay so; without them, any guest may.
/// </summary>
public sealed class ScopeExpectation
{
    private readonly Followers _references = new(HotelCollections.All);
    private readonly Dictionary<(string Collection, string Id), HashSet<string>> _referenced = [];
    private readonly ReplicaScope _collections = ReplicaScope.WholeChain;
    private readonly Followers? _followedEver;

    // How many documents of the state each scope holds, counted in one pass over the state: counting
    // per scope instead read the whole chain's state once per property, or once per device.
    private readonly Dictionary<string, int> _heldByProperty = new(StringComparer.Ordinal);
    private readonly int _heldEverywhere;
    private readonly int _documents;

    public ScopeExpectation(IEnumerable<Document> state)
        : this(state, followedEver: null)
    {
    }

    /// <param name="followedEver">Which properties followed each guest through any version written in the run; null: unknown.</param>
    internal ScopeExpectation(IEnumerable<Document> state, Followers? followedEver)
    {
        _followedEver = followedEver;
        var documents = state as IReadOnlyCollection<Document> ?? state.ToList();
        foreach (var document in documents)
        {
            if (_references.ReferenceOf(document) is { } reference)
            {
                var key = (reference.Collection, reference.Id);
                if (!_referenced.TryGetValue(key, out var properties))
                {
                    _referenced[key] = properties = new HashSet<string>(StringComparer.Ordinal);
                }

                properties.Add(reference.Property);
            }
        }

        foreach (var document in documents)
        {
            _documents++;
            if (_collections.IsFollowed(document))
            {
                foreach (var property in _referenced.GetValueOrDefault((document.Collection, document.Id)) ?? [])
                {
                    _heldByProperty[property] = _heldByProperty.GetValueOrDefault(property) + 1;
                }
            }
            else if (_collections.PlacementOf(document).Property is { } property)
            {
                _heldByProperty[property] = _heldByProperty.GetValueOrDefault(property) + 1;
            }
            else
            {
                _heldEverywhere++;
            }
        }
    }

    /// <summary>Whether a replica of <paramref name="scope"/> must hold <paramref name="expected"/> as it is.</summary>
    public bool Holds(ReplicaScope scope, Document expected) =>
        scope.IsWholeChain || (_collections.IsFollowed(expected)
            ? _referenced.TryGetValue((expected.Collection, expected.Id), out var properties) && properties.Contains(scope.Property!)
            : scope.Holds(expected));

    /// <summary>How many documents of the state a replica of <paramref name="scope"/> (of the hotel's collections) must hold: those <see cref="Holds"/> is true of.</summary>
    public int HeldBy(ReplicaScope scope) =>
        scope.IsWholeChain ? _documents : _heldEverywhere + _heldByProperty.GetValueOrDefault(scope.Property!);

    /// <summary>Whether a replica of <paramref name="scope"/> may keep <paramref name="held"/> though it need not hold it: a followed document its property once followed.</summary>
    public bool MayOverHold(ReplicaScope scope, Document held) =>
        !scope.IsWholeChain && _collections.IsFollowed(held) && (_followedEver is null || _followedEver.Follows(held.Collection, held.Id, scope.Property!));
}
