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
        // Upstreams then keep a version true last-write-wins ranks lower: the pusher's outbox lets go of a write no upstream holds.
        var caught = Hunt(new EngineOverrides { Resolve = IncomingWinsTies });
        Assert.Contains(caught.Violations, violation => violation.Contains("but no upstream holds it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_replicator_that_advances_its_checkpoint_before_applying_is_caught()
    {
        var caught = Hunt(new EngineOverrides { WrapStore = store => new CheckpointBeforeApplyStore(store) });
        Assert.Contains(caught.Violations, violation => violation.Contains("which it does not hold", StringComparison.Ordinal));
    }

    [Fact]
    public void An_outbox_that_drops_entries_when_a_push_fails_is_caught()
    {
        var caught = Hunt(new EngineOverrides { WrapStore = store => new DropOnSendOutboxStore(store) });
        Assert.Contains(caught.Violations, violation => violation.Contains("from its outbox, but no upstream holds it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_clock_that_skips_the_receive_step_is_caught_by_the_causal_oracle()
    {
        // The bug the LWW oracle could not see: writes ordered consistently, but before versions their writers had seen.
        var caught = Hunt(new EngineOverrides { Observe = clock => _ => clock.Now() }, violation => violation.Contains("had already seen", StringComparison.Ordinal));
        Assert.Contains(caught.Violations, violation => violation.Contains("had already seen", StringComparison.Ordinal));
    }

    [Fact]
    public void A_store_that_acknowledges_queued_writes_before_committing_them_is_caught()
    {
        var caught = Hunt(new EngineOverrides { WrapStore = store => new WriteBehindStore(store) });
        Assert.Contains(caught.Violations, violation => violation.Contains("but no upstream holds it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_change_feed_that_drops_the_last_document_of_a_full_page_is_caught_by_paging_worlds()
    {
        var caught = Hunt(new EngineOverrides { WrapStore = store => new FullPageDropsLastStore(store) }, limits: TrialLimits.Named("paging"), budget: 6);
        Assert.Contains(caught.Violations, violation => violation.Contains("which it does not hold", StringComparison.Ordinal));
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

    private TrialResult Hunt(EngineOverrides bug, Func<string, bool>? caughtBy = null, TrialLimits? limits = null, int budget = SeedBudget)
    {
        for (var seed = 1UL; seed <= (ulong)budget; seed++)
        {
            var result = Trial.Run(TrialPlanGenerator.Generate(seed, limits), bug);
            if (!result.Passed && (caughtBy is null || result.Violations.Any(caughtBy)))
            {
                output.WriteLine($"caught by seed {seed} ({seed} trials): {result.Plan.Describe()}");
                output.WriteLine(result.Verdict());
                return result;
            }
        }

        Assert.Fail($"the planted bug survived {budget} generated trials");
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

    /// <summary>
    /// Answers a queued write (a local one, or one pushed up from below) before committing it, and
    /// commits it on the store's next call: the pusher's outbox lets go of a version its upstream does not hold yet.
    /// </summary>
    private sealed class WriteBehindStore(IDocumentStore inner) : DelegatingStore(inner)
    {
        private readonly List<Document> _pending = [];

        public override StoredChange Put(Document document, bool queueForUpstream)
        {
            if (!queueForUpstream || _pending.Count > 0)
            {
                Flush();
                return Inner.Put(document, queueForUpstream);
            }

            _pending.Add(document);
            return new StoredChange(Inner.LastSequence + 1, document);
        }

        public override IReadOnlyList<StoredChange> PutPulled(IReadOnlyList<Document> documents, string upstream, long checkpoint)
        {
            Flush();
            return Inner.PutPulled(documents, upstream, checkpoint);
        }

        public override IReadOnlyList<OutboxEntry> PeekOutbox(int limit)
        {
            Flush();
            return Inner.PeekOutbox(limit);
        }

        private void Flush()
        {
            foreach (var document in _pending)
            {
                Inner.Put(document, queueForUpstream: true);
            }

            _pending.Clear();
        }
    }

    /// <summary>An off-by-one in paging: a full page of the change feed leaves out its last document but still moves the checkpoint past it.</summary>
    private sealed class FullPageDropsLastStore(IDocumentStore inner) : DelegatingStore(inner)
    {
        public override ChangeBatch ChangesSince(long sequence, int limit)
        {
            var page = Inner.ChangesSince(sequence, limit);
            return page.Changes.Count == limit && limit > 1 ? page with { Changes = page.Changes.Take(limit - 1).ToList() } : page;
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
