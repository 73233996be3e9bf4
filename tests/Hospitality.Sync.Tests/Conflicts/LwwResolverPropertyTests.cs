using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.Conflicts;
using Hospitality.Sync.Documents;

namespace Hospitality.Sync.Tests.Conflicts;

/// <summary>
/// The merge (keep the winner) is a join: commutative, associative and idempotent, so replicas
/// that receive the same versions in any order and grouping converge.
/// </summary>
public sealed class LwwResolverPropertyTests
{
    [Property(MaxTest = 1_000)]
    public Property Merge_is_commutative() =>
        Prop.ForAll(DocumentVersions.Two, pair =>
        {
            var (a, b) = pair;
            var ab = LwwResolver.Resolve(a, b);
            var ba = LwwResolver.Resolve(b, a);
            return ab.Winner == ba.Winner && ab.Loser == ba.Loser && ab.Reason == ba.Reason;
        });

    [Property(MaxTest = 1_000)]
    public Property Merge_is_associative() =>
        Prop.ForAll(DocumentVersions.Three, triple =>
        {
            var (a, b, c) = triple;
            return Merge(Merge(a, b), c) == Merge(a, Merge(b, c));
        });

    [Property(MaxTest = 1_000)]
    public Property Merge_is_idempotent() =>
        Prop.ForAll(DocumentVersions.Two, pair =>
        {
            var (a, b) = pair;
            var same = LwwResolver.Resolve(a, a with { });
            return same.Winner == a && same.Reason == LwwReason.Identical && !same.IsConflict
                && Merge(Merge(a, b), b) == Merge(a, b);
        });

    [Property(MaxTest = 500)]
    public Property Merging_versions_in_any_order_converges() =>
        Prop.ForAll(DocumentVersions.Reordered, versions =>
            versions.Versions.Aggregate(Merge) == versions.Shuffled.Aggregate(Merge));

    [Property(MaxTest = 1_000)]
    public Property The_winner_never_has_the_lower_stamp_and_only_identical_versions_are_no_conflict() =>
        Prop.ForAll(DocumentVersions.Two, pair =>
        {
            var (a, b) = pair;
            var resolution = LwwResolver.Resolve(a, b);
            return resolution.Winner.Stamp >= resolution.Loser.Stamp
                && resolution.IsConflict == (a != b)
                && resolution.IncomingWins == (resolution.IsConflict && resolution.Winner == b);
        });

    [Fact]
    public void Generated_versions_include_ties_the_tie_breaks_must_settle()
    {
        var pairs = DocumentVersions.Version.Two().Sample(2_000, new Rnd(2026), 10);

        Assert.Contains(pairs, pair => Reason(pair) == LwwReason.NodeIdTieBreak);
        Assert.Contains(pairs, pair => Reason(pair) == LwwReason.EqualStampTieBreak && pair.Item1.BodyJson == pair.Item2.BodyJson && pair.Item1.Deleted != pair.Item2.Deleted);
        Assert.Contains(pairs, pair => Reason(pair) == LwwReason.EqualStampTieBreak && pair.Item1.BodyJson != pair.Item2.BodyJson);
        Assert.Contains(pairs, pair => Reason(pair) == LwwReason.Identical);
    }

    private static Document Merge(Document left, Document right) => LwwResolver.Resolve(left, right).Winner;

    private static LwwReason Reason((Document Left, Document Right) pair) => LwwResolver.Resolve(pair.Left, pair.Right).Reason;
}
