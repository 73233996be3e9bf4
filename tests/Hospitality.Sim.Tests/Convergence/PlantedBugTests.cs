using FsCheck;
using FsCheck.Fluent;
using Hospitality.Sim.Trials;
using Hospitality.Sim.World;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;
using Hospitality.Sync.Faults;
using Hospitality.Sync.Storage;
using Xunit.Abstractions;

namespace Hospitality.Sim.Tests.Convergence;

/// <summary>
/// Proof the checker bites: each test plants a known bug in every node and shows that generated
/// trials catch it within a few dozen seeds, well inside the CI budget.
/// </summary>
public sealed class PlantedBugTests(ITestOutputHelper output)
{
    private const int SeedBudget = 60;

    [Fact]
    public void A_resolver_that_ignores_the_node_id_tie_break_is_caught()
    {
        var caught = Hunt(new EngineOverrides { Resolve = IncomingWinsTies });
        Assert.Contains("liveness", caught.Verdict());
    }

    [Fact]
    public void A_replicator_that_advances_its_checkpoint_before_applying_is_caught()
    {
        var caught = Hunt(new EngineOverrides { WrapStore = store => new CheckpointBeforeApplyStore(store) });
        Assert.Contains("liveness", caught.Verdict());
    }

    [Fact]
    public void An_outbox_that_drops_entries_when_a_push_fails_is_caught()
    {
        var caught = Hunt(new EngineOverrides { WrapStore = store => new DropOnSendOutboxStore(store) });
        Assert.Contains(caught.Violations, violation => violation.Contains("from its outbox, but no upstream holds it", StringComparison.Ordinal));
    }

    [Fact]
    public void Shrinking_reduces_a_failing_trial_to_a_small_case()
    {
        var bug = new EngineOverrides { WrapStore = store => new DropOnSendOutboxStore(store) };
        var limits = TrialLimits.Default with { MaxDevices = 12 };

        // A fixed failing plan, so the shrink is the same on every run (trials are deterministic).
        var failing = Enumerable.Range(1, SeedBudget).Select(seed => TrialPlanGenerator.Generate((ulong)seed, limits)).First(plan => !Trial.Run(plan, bug).Passed);
        var plans = Arb.From(Gen.Constant(failing), TrialShrinker.Shrink);
        var failure = Assert.ThrowsAny<Exception>(() =>
            Prop.ForAll(plans, plan => { TrialAssert.Passes(plan, bug); }).QuickCheckThrowOnFailure());

        // FsCheck reports the shrunk plan's failure last; its description leads the message.
        var shrunk = failure.Message[failure.Message.LastIndexOf("seed ", StringComparison.Ordinal)..];
        output.WriteLine(failure.Message);
        Assert.Matches(@"^seed \d+: \d properties, \d Greengrass, \d+ devices, [1-4] writes, 0 faults", shrunk);
    }

    private TrialResult Hunt(EngineOverrides bug)
    {
        for (var seed = 1UL; seed <= SeedBudget; seed++)
        {
            var result = Trial.Run(TrialPlanGenerator.Generate(seed), bug);
            if (!result.Passed)
            {
                output.WriteLine($"caught by seed {seed} ({seed} trials): {result.Plan.Describe()}");
                output.WriteLine(result.Verdict());
                return result;
            }
        }

        Assert.Fail($"the planted bug survived {SeedBudget} generated trials");
        return null!;
    }

    // Equal HLC times from two nodes should go to the higher node id; this lets whichever arrives last win.
    private static LwwResolution IncomingWinsTies(Document current, Document incoming)
    {
        var resolution = LwwResolver.Resolve(current, incoming);
        return resolution.Reason == LwwReason.NodeIdTieBreak
            ? new LwwResolution(incoming, current, LwwReason.NodeIdTieBreak, IncomingWins: true)
            : resolution;
    }

    /// <summary>Commits the new checkpoint first and the documents in a second step that can fail (a busy database, a crash).</summary>
    private sealed class CheckpointBeforeApplyStore(IDocumentStore inner) : DelegatingStore(inner)
    {
        public override IReadOnlyList<StoredChange> PutPulled(IReadOnlyList<Document> documents, string upstream, long checkpoint)
        {
            Inner.PutPulled([], upstream, checkpoint);
            if (documents.Count > 0 && Buggify.Fires("planted.apply-after-checkpoint"))
            {
                throw new StoreException("database is locked (planted)");
            }

            return Inner.PutPulled(documents, upstream, checkpoint);
        }
    }

    /// <summary>Takes entries off the outbox when they are sent, not when the upstream acknowledges them.</summary>
    private sealed class DropOnSendOutboxStore(IDocumentStore inner) : DelegatingStore(inner)
    {
        public override IReadOnlyList<OutboxEntry> PeekOutbox(int limit)
        {
            var entries = Inner.PeekOutbox(limit);
            Inner.AcknowledgeOutbox(entries.Select(entry => entry.Sequence));
            return entries;
        }
    }
}
