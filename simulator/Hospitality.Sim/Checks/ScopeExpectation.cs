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
    private readonly Followers _referenced = new(HotelCollections.All);
    private readonly ReplicaScope _collections = ReplicaScope.WholeChain;
    private readonly Followers? _followedEver;

    public ScopeExpectation(IEnumerable<Document> state)
        : this(state, followedEver: null)
    {
    }

    /// <param name="followedEver">Which properties followed each guest through any version written in the run; null: unknown.</param>
    internal ScopeExpectation(IEnumerable<Document> state, Followers? followedEver)
    {
        _followedEver = followedEver;
        foreach (var document in state)
        {
            if (_referenced.ReferenceOf(document) is { } reference)
            {
                _referenced.Add(reference.Collection, reference.Id, reference.Property);
            }
        }
    }

    /// <summary>Whether a replica of <paramref name="scope"/> must hold <paramref name="expected"/> as it is.</summary>
    public bool Holds(ReplicaScope scope, Document expected) =>
        scope.IsWholeChain || (_collections.IsFollowed(expected)
            ? _referenced.Follows(expected.Collection, expected.Id, scope.Property!)
            : scope.Holds(expected));

    /// <summary>Whether a replica of <paramref name="scope"/> may keep <paramref name="held"/> though it need not hold it: a followed document its property once followed.</summary>
    public bool MayOverHold(ReplicaScope scope, Document held) =>
        !scope.IsWholeChain && _collections.IsFollowed(held) && (_followedEver is null || _followedEver.Follows(held.Collection, held.Id, scope.Property!));
}
