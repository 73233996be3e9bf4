using Hospitality.Sim.Faults;
using Hospitality.Sim.Kernel;
using Hospitality.Sim.Trials;
using Hospitality.Sync.Faults;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Convergence;

public sealed class BuggifyTests(ITestOutputHelper output)
{
    [Fact]
    public void Without_an_injector_no_site_fires_and_marks_cost_nothing()
    {
        Assert.False(Buggify.Fires("replicator.push.response-lost"));
        Assert.Null(Buggify.Stall("replicator.catch-up.stall"));
        Buggify.Mark("replicator.retry.backoff-capped");
    }

    [Fact]
    public void An_injector_applies_only_on_the_thread_and_scope_it_was_installed_in()
    {
        var simulation = new Simulation(1);
        var always = new BuggifyInjector(simulation, simulation.Random("buggify")) { EnableProbability = 1, FireProbability = 1 };
        using (Buggify.Install(always))
        {
            Assert.True(Buggify.Fires("site"));
        }

        Assert.False(Buggify.Fires("site"));
        Assert.Equal(1, always.Coverage.Single().Fired);
    }

    [Fact]
    public void Paging_worlds_fill_pull_and_stream_pages_and_file_worlds_lose_power_inside_transactions()
    {
        var coverage = new SortedDictionary<string, (long Reached, long Fired)>(StringComparer.Ordinal);
        foreach (var (profile, seeds) in new[] { ("paging", 4), ("files", 12) })
        {
            for (var seed = 1UL; seed <= (ulong)seeds; seed++)
            {
                foreach (var site in Trial.Run(TrialPlanGenerator.Generate(seed, TrialLimits.Named(profile))).Coverage)
                {
                    var (reached, fired) = coverage.GetValueOrDefault(site.Name);
                    coverage[site.Name] = (reached + site.Reached, fired + site.Fired);
                }
            }
        }

        foreach (var (name, (reached, fired)) in coverage)
        {
            output.WriteLine($"{name}: reached {reached}, fired {fired}");
        }

        Assert.All(["replicator.catch-up.next-page", "server.stream.full-page"], mark => Assert.True(coverage.GetValueOrDefault(mark).Reached > 0, $"{mark} never reached"));
        var crashes = coverage.Where(pair => pair.Key.StartsWith(TransactionCrashes.SitePrefix, StringComparison.Ordinal)).ToList();
        Assert.True(crashes.Count(pair => pair.Value.Fired > 0) >= 5, $"power was lost at {crashes.Count(pair => pair.Value.Fired > 0)} crash sites");
    }

    [Fact]
    public void A_sweep_reaches_every_fault_site_and_rare_path()
    {
        var coverage = new SortedDictionary<string, (long Reached, long Fired)>(StringComparer.Ordinal);
        for (var seed = 1UL; seed <= 30; seed++)
        {
            foreach (var site in Trial.Run(TrialPlanGenerator.Generate(seed)).Coverage)
            {
                var (reached, fired) = coverage.GetValueOrDefault(site.Name);
                coverage[site.Name] = (reached + site.Reached, fired + site.Fired);
            }
        }

        foreach (var (name, (reached, fired)) in coverage)
        {
            output.WriteLine($"{name}: reached {reached}, fired {fired}");
        }

        string[] sites = ["multi-server.probe.lost", "replicator.apply.store-busy", "replicator.catch-up.stall", "replicator.push.response-lost", "server.push.drop-before-answer", "server.stream.drop"];
        string[] marks = ["multi-server.failback", "multi-server.failover", "replicator.retry.backoff-capped"];
        Assert.All(sites, site => Assert.True(coverage.GetValueOrDefault(site).Fired > 0, $"{site} never fired"));
        Assert.All(marks, mark => Assert.True(coverage.GetValueOrDefault(mark).Reached > 0, $"{mark} never reached"));
    }
}
