using Hospitality.Sim.World;

namespace Hospitality.Sim.Metrics;

/// <summary>
/// Cuts a delivery into hops: walks back from the reader through the upstream it synced from (a
/// device's live endpoint; a Greengrass's own writer or the cloud, whichever stored it first; the
/// cloud's writer or the writer's Greengrass) to the writer, each hop from one store to the next.
/// The hops add up to the path's latency exactly. Nothing is allocated per delivery.
/// </summary>
internal sealed class HopRoute
{
    private const int MaxHops = 4;
    private readonly List<WorldNode?> _greengrassOf = [null];
    private readonly (HopKind Hop, long Ticks)[] _hops = new (HopKind, long)[MaxHops];
    private WorldNode? _cloud;

    /// <summary>Learns the world's servers as the probe watches its nodes.</summary>
    public void Watch(WorldNode node)
    {
        if (node.Role == NodeRole.Cloud)
        {
            _cloud = node;
        }
        else if (node.Role == NodeRole.Greengrass)
        {
            while (_greengrassOf.Count <= node.Property)
            {
                _greengrassOf.Add(null);
            }

            _greengrassOf[node.Property] = node;
        }
    }

    /// <summary>
    /// The hops of a delivery to <paramref name="reader"/> at <paramref name="readerTicks"/>, writer first;
    /// empty when its way is not known.
    /// </summary>
    public ReadOnlySpan<(HopKind Hop, long Ticks)> Resolve(WriteRecord write, WorldNode reader, long readerTicks)
    {
        var node = reader;
        var ticks = readerTicks;
        var count = 0;
        while (count < MaxHops)
        {
            var up = UpstreamOf(write, node);
            if (up is null)
            {
                return [];
            }

            var upTicks = up == write.Node ? write.At.Ticks : write.StoredTicks(up);
            if (upTicks < 0 || upTicks > ticks || Kind(up.Role, node.Role) is not { } hop)
            {
                return [];
            }

            _hops[count++] = (hop, ticks - upTicks);
            if (up == write.Node)
            {
                Array.Reverse(_hops, 0, count);
                return _hops.AsSpan(0, count);
            }

            node = up;
            ticks = upTicks;
        }

        return [];
    }

    private WorldNode? UpstreamOf(WriteRecord write, WorldNode node)
    {
        var writer = write.Node;
        switch (node.Role)
        {
            case NodeRole.Device:
                return node.ActiveEndpoint switch
                {
                    "greengrass" => GreengrassOf(node.Property),
                    "cloud" => _cloud,
                    _ => null,
                };
            case NodeRole.Greengrass:
                // Its own device's write came straight up, unless the writer synced through the cloud (which then stored it first).
                if (writer.Role == NodeRole.Device && writer.Property == node.Property)
                {
                    var cloudTicks = _cloud is null ? -1 : write.StoredTicks(_cloud);
                    return cloudTicks >= 0 && cloudTicks <= write.StoredTicks(node) ? _cloud : writer;
                }

                return _cloud;
            default:
                if (writer.Role == NodeRole.Device && GreengrassOf(writer.Property) is { } edge)
                {
                    var edgeTicks = write.StoredTicks(edge);
                    if (edgeTicks >= 0 && edgeTicks <= write.StoredTicks(node))
                    {
                        return edge;
                    }
                }

                return writer;
        }
    }

    private WorldNode? GreengrassOf(int property) => property < _greengrassOf.Count ? _greengrassOf[property] : null;

    private static HopKind? Kind(NodeRole from, NodeRole to) => (from, to) switch
    {
        (NodeRole.Device, NodeRole.Greengrass) => HopKind.DeviceToGreengrass,
        (NodeRole.Device, NodeRole.Cloud) => HopKind.DeviceToCloud,
        (NodeRole.Greengrass, NodeRole.Cloud) => HopKind.GreengrassToCloud,
        (NodeRole.Cloud, NodeRole.Greengrass) => HopKind.CloudToGreengrass,
        (NodeRole.Greengrass, NodeRole.Device) => HopKind.GreengrassToDevice,
        (NodeRole.Cloud, NodeRole.Device) => HopKind.CloudToDevice,
        _ => null,
    };
}
