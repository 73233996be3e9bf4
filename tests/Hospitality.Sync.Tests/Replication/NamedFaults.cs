using Hospitality.Sync.Faults;

namespace Hospitality.Sync.Tests.Replication;

/// <summary>
/// A fault injector for one test: it fires the sites it was told to, as many times as it was told,
/// and counts the rare-path marks reached. Install it on the thread that runs the simulation.
/// </summary>
internal sealed class NamedFaults : IFaultInjector
{
    private readonly Dictionary<string, int> _firesLeft = new(StringComparer.Ordinal);

    public Dictionary<string, int> Marks { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Fired { get; } = new(StringComparer.Ordinal);

    /// <summary>Fires <paramref name="site"/> the next <paramref name="times"/> times it is asked.</summary>
    public NamedFaults Fire(string site, int times = 1)
    {
        _firesLeft[site] = times;
        return this;
    }

    public bool ShouldFire(string site)
    {
        if (_firesLeft.GetValueOrDefault(site) <= 0)
        {
            return false;
        }

        _firesLeft[site]--;
        Fired[site] = Fired.GetValueOrDefault(site) + 1;
        return true;
    }

    public TimeSpan StallFor(string site) => TimeSpan.Zero;

    public void Reached(string mark) => Marks[mark] = Marks.GetValueOrDefault(mark) + 1;

    public int Count(string mark) => Marks.GetValueOrDefault(mark);
}
