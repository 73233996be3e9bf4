using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hospitality.Sync.WebRtc.Peers;

namespace Hospitality.Sync.Tests.Peers;

/// <summary>The mesh every device plans alone agrees between devices: symmetric, bounded, connected, a full mesh when small.</summary>
public sealed class MeshPlanTests
{
    [Property(MaxTest = 300)]
    public Property Links_are_symmetric_bounded_and_connect_the_whole_room() =>
        Prop.ForAll(Gen.Choose(1, 80).ToArbitrary(), Gen.Choose(1, 5).Select(half => half * 2).ToArbitrary(), (size, maxLinks) =>
        {
            var room = Enumerable.Range(0, size).Select(n => $"device-{n * 7919 % 1000:000}").Distinct().ToList();
            var plans = room.ToDictionary(id => id, id => MeshPlan.Neighbours(id, room, maxLinks));
            var symmetric = plans.All(plan => plan.Value.All(other => plans[other].Contains(plan.Key)));
            var bounded = plans.Values.All(neighbours => neighbours.Count <= maxLinks && neighbours.Count == Math.Min(maxLinks, room.Count - 1));
            return symmetric && bounded && Connected(room, plans);
        });

    private static bool Connected(List<string> room, Dictionary<string, IReadOnlyList<string>> plans)
    {
        var seen = new HashSet<string> { room[0] };
        var queue = new Queue<string>([room[0]]);
        while (queue.TryDequeue(out var at))
        {
            foreach (var next in plans[at].Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }

        return seen.Count == room.Count;
    }
}
