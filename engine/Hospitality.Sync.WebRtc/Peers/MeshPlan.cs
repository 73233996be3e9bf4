namespace Hospitality.Sync.WebRtc.Peers;

/// <summary>
/// Which peers of a room a device links to: every device places the room's ids in ordinal order on
/// a ring and links to the nearest <c>maxLinks / 2</c> on each side. The relation is symmetric, the
/// graph connected, every device has at most <c>maxLinks</c> links, and a small room is a full mesh.
/// </summary>
internal static class MeshPlan
{
    public static IReadOnlyList<string> Neighbours(string self, IEnumerable<string> room, int maxLinks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLinks, 2);
        var ring = room.Append(self).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (ring.Count - 1 <= maxLinks)
        {
            return ring.Where(id => id != self).ToList();
        }

        var at = ring.IndexOf(self);
        var reach = maxLinks / 2;
        var neighbours = new List<string>();
        for (var step = 1; step <= reach; step++)
        {
            neighbours.Add(ring[(at + step) % ring.Count]);
            neighbours.Add(ring[(at - step + ring.Count) % ring.Count]);
        }

        return neighbours.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
