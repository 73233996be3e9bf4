using Hospitality.Sync.Clock;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Scoping;
using Hospitality.Sync.Storage;

namespace Hospitality.Sim.Checks;

/// <summary>
/// Knows every write that was acknowledged to its writer and what last-write-wins makes of them:
/// after healing and quiescence every replica must hold exactly that state, no acknowledged write
/// missing, and no version nobody wrote. A replica scoped to one property must hold exactly what its
/// scope holds of that state: the property's and the chain-wide documents as they are, the guests its
/// reservations reference as they are (<see cref="ScopeExpectation"/>), a document transferred away as a
/// tombstone of the transfer or not at all, and nothing else but tombstones and guests it once followed:
/// guests that some version written in the run referenced from a document of its property.
/// </summary>
public sealed class ConvergenceOracle
{
    private readonly Dictionary<(string Collection, string Id), Document> _expected = [];
    private readonly HashSet<(string Collection, string Id, HlcTimestamp Stamp)> _written = [];

    // A property follows a guest for good once any version of its documents referenced it: a replica
    // may keep such a guest after its stay moved away, and no other it does not need.
    private readonly Followers _followedEver = new(HotelCollections.All);

    /// <summary>Acknowledged writes recorded so far.</summary>
    public int Writes { get; private set; }

    /// <summary>Records a write its writer saw succeed (the document the replica returned).</summary>
    public void Acknowledged(Document written)
    {
        Writes++;
        Committed(written);
    }

    /// <summary>Records a write committed to its writer's disk whose writer crashed before it returned: it will replicate like any other.</summary>
    public void Committed(Document written)
    {
        _written.Add((written.Collection, written.Id, written.Stamp));
        if (_followedEver.ReferenceOf(written) is { } reference)
        {
            _followedEver.Add(reference.Collection, reference.Id, reference.Property);
        }

        var key = (written.Collection, written.Id);
        _expected[key] = _expected.TryGetValue(key, out var current) ? LwwResolver.Resolve(current, written).Winner : written;
    }

    /// <summary>
    /// Every difference between the replicas and the expected state, replica by replica, each
    /// replica's sorted by document. A converged resort checks 650,000 documents: nothing is sorted
    /// or formatted unless it differs.
    /// </summary>
    public IReadOnlyList<Divergence> Check(IEnumerable<(string Name, IDocumentStore Store)> replicas) =>
        Check(replicas.Select(replica => (replica.Name, replica.Store, ReplicaScope.WholeChain)));

    /// <summary>As <see cref="Check(IEnumerable{ValueTuple{string, IDocumentStore}})"/>, each replica against what its scope should hold.</summary>
    public IReadOnlyList<Divergence> Check(IEnumerable<(string Name, IDocumentStore Store, ReplicaScope Scope)> replicas)
    {
        var divergences = new List<Divergence>();
        var expectation = new ScopeExpectation(_expected.Values, _followedEver);
        foreach (var (name, store, scope) in replicas)
        {
            if (!scope.IsWholeChain)
            {
                divergences.AddRange(CheckScoped(name, store, scope, expectation, expectation.HeldBy(scope)));
                continue;
            }

            var wrong = new List<Divergence>();
            var unwritten = new List<Divergence>();
            var held = store.ChangesSince(0, int.MaxValue).Changes;
            var expectedHeld = 0;
            foreach (var holds in held.Select(change => change.Document))
            {
                var expected = _expected.GetValueOrDefault((holds.Collection, holds.Id));
                expectedHeld += expected is null ? 0 : 1;
                if (expected is not null && holds != expected)
                {
                    wrong.Add(new Divergence(name, holds.Collection, holds.Id, holds, expected));
                }

                if (expected is null || !_written.Contains((holds.Collection, holds.Id, holds.Stamp)))
                {
                    unwritten.Add(new Divergence(name, holds.Collection, holds.Id, holds, expected));
                }
            }

            if (expectedHeld < _expected.Count)
            {
                var keys = held.Select(change => (change.Document.Collection, change.Document.Id)).ToHashSet();
                wrong.AddRange(_expected.Where(pair => !keys.Contains(pair.Key)).Select(pair => new Divergence(name, pair.Key.Collection, pair.Key.Id, null, pair.Value)));
            }

            divergences.AddRange(ByDocument(wrong));
            divergences.AddRange(ByDocument(unwritten));
        }

        return divergences;
    }

    private List<Divergence> CheckScoped(string name, IDocumentStore store, ReplicaScope scope, ScopeExpectation expectation, int inScope)
    {
        var wrong = new List<Divergence>();
        var changes = store.ChangesSince(0, int.MaxValue).Changes;
        var heldInScope = 0;
        foreach (var holds in changes.Select(change => change.Document))
        {
            var expected = _expected.GetValueOrDefault((holds.Collection, holds.Id));
            var holdsExpected = expected is not null && expectation.Holds(scope, expected);
            heldInScope += holdsExpected ? 1 : 0;
            if (expected is null || !_written.Contains((holds.Collection, holds.Id, holds.Stamp)))
            {
                wrong.Add(new Divergence(name, holds.Collection, holds.Id, holds, expected));
            }
            else if (holdsExpected ? holds != expected : !holds.Deleted && !expectation.MayOverHold(scope, holds))
            {
                // Out of scope, only a tombstone may stay: of the transfer, or of an earlier one (or a guest once followed).
                wrong.Add(new Divergence(name, holds.Collection, holds.Id, holds, scope.AsKept(expected)));
            }
        }

        // Each in-scope document held was counted once, so only a replica that misses some is searched.
        if (heldInScope < inScope)
        {
            // Keyed only here: a dictionary of everything each of 504 replicas held was 60 MB of the resort's garbage.
            var held = changes.Select(change => (change.Document.Collection, change.Document.Id)).ToHashSet();
            foreach (var (key, expected) in _expected)
            {
                if (expectation.Holds(scope, expected) && !held.Contains(key))
                {
                    wrong.Add(new Divergence(name, key.Collection, key.Id, null, expected));
                }
            }
        }

        return ByDocument(wrong).ToList();
    }

    private static IEnumerable<Divergence> ByDocument(List<Divergence> divergences) =>
        divergences.OrderBy(each => each.Collection, StringComparer.Ordinal).ThenBy(each => each.Id, StringComparer.Ordinal);
}
