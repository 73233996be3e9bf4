using Hospitality.Sim.Kernel;
using Hospitality.Sync.Faults;

namespace Hospitality.Sim.Faults;

/// <summary>
/// Drives the engine's <see cref="Buggify"/> sites from the run's seed, as FoundationDB does: each
/// site is switched on for the whole run with some probability the first time it is reached, and a
/// switched-on site then misbehaves rarely. Counts every site and coverage mark reached.
/// </summary>
public sealed class BuggifyInjector(Simulation simulation, SimRandom random) : IFaultInjector
{
    private readonly SortedDictionary<string, SiteCoverage> _sites = new(StringComparer.Ordinal);

    /// <summary>Chance a site is switched on for the run.</summary>
    public double EnableProbability { get; init; } = 0.25;

    /// <summary>Chance a switched-on site misbehaves each time it is reached.</summary>
    public double FireProbability { get; init; } = 0.05;

    public TimeSpan MaxStall { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Decides the store's crash sites (<see cref="TransactionCrashes.SitePrefix"/>): they crash a
    /// node only where a plan put a crash, so they draw no randomness and fire nowhere else.
    /// </summary>
    public Func<string, bool>? CrashSites { get; init; }

    /// <summary>Off during a heal phase: the engine must then converge on its own.</summary>
    public bool Active { get; set; } = true;

    /// <summary>Every site and mark reached, in name order.</summary>
    public IReadOnlyCollection<SiteCoverage> Coverage => _sites.Values;

    public bool ShouldFire(string site)
    {
        var coverage = Site(site, isMark: false);
        coverage.Reached++;
        if (site.StartsWith(TransactionCrashes.SitePrefix, StringComparison.Ordinal))
        {
            var crash = CrashSites?.Invoke(site) ?? false;
            coverage.Fired += crash ? 1 : 0;
            return crash;
        }

        coverage.Enabled ??= random.Chance(EnableProbability);
        if (!Active || coverage.Enabled != true || !random.Chance(FireProbability))
        {
            return false;
        }

        coverage.Fired++;
        simulation.Trace.Note(simulation.Now, "buggify", site);
        return true;
    }

    public TimeSpan StallFor(string site) => TimeSpan.FromTicks((long)(random.NextDouble() * MaxStall.Ticks));

    public void Reached(string mark) => Site(mark, isMark: true).Reached++;

    private SiteCoverage Site(string name, bool isMark)
    {
        if (!_sites.TryGetValue(name, out var coverage))
        {
            coverage = new SiteCoverage(name, isMark);
            _sites.Add(name, coverage);
        }

        return coverage;
    }
}
