using Hospitality.Sim.World;

namespace Hospitality.Sim.Trials;

/// <summary>
/// Smaller variants of a failing trial, biggest cuts first (FsCheck tries them in order and keeps
/// the first that still fails): fewer faults, no Buggify, fewer writes, fewer devices, fewer properties.
/// </summary>
public static class TrialShrinker
{
    public static IEnumerable<TrialPlan> Shrink(TrialPlan plan)
    {
        if (plan.Faults.Count > 1)
        {
            yield return plan with { Faults = [] };
        }

        for (var f = 0; f < plan.Faults.Count; f++)
        {
            yield return plan with { Faults = plan.Faults.Where((_, index) => index != f).ToList() };
        }

        if (plan.Buggify)
        {
            yield return plan with { Buggify = false };
        }

        foreach (var writes in FewerWrites(plan.Writes))
        {
            yield return plan with { Writes = writes };
        }

        for (var p = 0; p < plan.Properties.Count; p++)
        {
            if (plan.Properties[p].Tablets.Count > 0 && plan.Devices > 2)
            {
                yield return WithoutNode(plan, p, HotelChainWorld.TabletName(p + 1, plan.Properties[p].Tablets.Count), property => property with { Tablets = property.Tablets.Take(property.Tablets.Count - 1).ToList() });
            }

            if (plan.Properties[p].P2P)
            {
                var index = p;
                yield return plan with { Properties = plan.Properties.Select((each, i) => i == index ? each with { P2P = false } : each).ToList() };
            }

            if (plan.Properties[p].Greengrass)
            {
                yield return WithoutNode(plan, p, HotelChainWorld.GreengrassName(p + 1), property => property with { Greengrass = false });
            }
        }

        if (plan.Properties.Count > 1 && plan.Devices - plan.Properties[^1].Tablets.Count >= 2)
        {
            var last = plan.Properties.Count;
            var gone = TrialPlanGenerator.Devices(plan.Properties).Where(name => name.StartsWith($"p{last}-", StringComparison.Ordinal))
                .Append(HotelChainWorld.GreengrassName(last)).Append($"property-{last}").ToHashSet(StringComparer.Ordinal);
            yield return Without(plan with { Properties = plan.Properties.Take(last - 1).ToList() }, gone);
        }
    }

    private static IEnumerable<List<PlannedWrite>> FewerWrites(IReadOnlyList<PlannedWrite> writes)
    {
        if (writes.Count <= 1)
        {
            yield break;
        }

        var half = writes.Count / 2;
        yield return writes.Take(half).ToList();
        yield return writes.Skip(half).ToList();
        if (writes.Count <= 8)
        {
            for (var w = 0; w < writes.Count; w++)
            {
                yield return writes.Where((_, index) => index != w).ToList();
            }
        }
        else
        {
            var quarter = writes.Count / 4;
            for (var q = 0; q < 4; q++)
            {
                yield return writes.Where((_, index) => index / quarter != q).ToList();
            }
        }
    }

    private static TrialPlan WithoutNode(TrialPlan plan, int property, string node, Func<TrialProperty, TrialProperty> change) =>
        Without(plan with { Properties = plan.Properties.Select((each, index) => index == property ? change(each) : each).ToList() }, new HashSet<string>(StringComparer.Ordinal) { node });

    private static TrialPlan Without(TrialPlan plan, HashSet<string> gone) => plan with
    {
        Writes = plan.Writes.Where(write => !gone.Contains(write.Node)).ToList(),
        Faults = plan.Faults
            .Select(fault => fault with { Nodes = fault.Nodes.Where(node => !gone.Contains(node)).ToList() })
            .Where(fault => fault.Nodes.Count > 0).ToList(),
    };
}
