namespace Hospitality.Sim.Faults;

/// <summary>
/// Which node's store loses power at which crash site inside its transactions. The engine's store
/// asks <see cref="Hospitality.Sync.Faults.Buggify"/> at each site; a node's watched store names the
/// node for the length of each call, so the site fires only in the store it was armed for, once.
/// </summary>
public sealed class TransactionCrashes
{
    /// <summary>The engine's crash sites inside store transactions (the prefix routes them here, never to random Buggify).</summary>
    public const string SitePrefix = "store.crash.";

    /// <summary>Every site, so plans can name them.</summary>
    public static readonly IReadOnlyList<string> Sites =
    [
        "store.crash.put.between-statements",
        "store.crash.put.before-commit",
        "store.crash.put.after-commit",
        "store.crash.pull.between-statements",
        "store.crash.pull.before-commit",
        "store.crash.pull.after-commit",
        "store.crash.acknowledge.before-commit",
        "store.crash.acknowledge.after-commit",
        "store.crash.conflict.before-commit",
        "store.crash.conflict.after-commit",
    ];

    private readonly Dictionary<string, string> _armed = new(StringComparer.Ordinal);
    private string? _current;

    /// <summary>Crashes fired so far.</summary>
    public int Fired { get; private set; }

    public void Arm(string node, string site) => _armed[node] = site;

    public void Disarm(string node) => _armed.Remove(node);

    /// <summary>Names the node whose store runs until the returned scope ends.</summary>
    public Scope Enter(string node)
    {
        var previous = _current;
        _current = node;
        return new Scope(this, previous);
    }

    /// <summary>The decision for a crash site: true once, in the store of the node it was armed for.</summary>
    public bool ShouldCrash(string site)
    {
        if (_current is null || !_armed.TryGetValue(_current, out var armed) || armed != site)
        {
            return false;
        }

        _armed.Remove(_current);
        Fired++;
        return true;
    }

    public readonly struct Scope(TransactionCrashes owner, string? previous) : IDisposable
    {
        public void Dispose() => owner._current = previous;
    }
}
