using Hospitality.Sim.Kernel;
using Hospitality.Sim.World;

namespace Hospitality.Sim.Metrics;

/// <summary>
/// A write the probe follows: its writer, when it was written, and when each server first stored it,
/// so a delivery's path can be cut into hops. A few fields per write: the writer's own Greengrass
/// and the cloud; other properties' Greengrasses (chain-wide documents) only when they store it.
/// </summary>
internal sealed class WriteRecord(WorldNode node, SimTime at)
{
    private const long Never = -1;
    private long _cloudTicks = Never;
    private long _ownGreengrassTicks = Never;
    private Dictionary<int, long>? _otherGreengrassTicks;

    public WorldNode Node { get; } = node;

    public SimTime At { get; } = at;

    /// <summary>A server stored the version at <paramref name="ticks"/>; only the first time counts (a restarted server may store it again).</summary>
    public void Stored(WorldNode server, long ticks)
    {
        if (server.Role == NodeRole.Cloud)
        {
            _cloudTicks = _cloudTicks == Never ? ticks : _cloudTicks;
        }
        else if (server.Property == Node.Property)
        {
            _ownGreengrassTicks = _ownGreengrassTicks == Never ? ticks : _ownGreengrassTicks;
        }
        else
        {
            _otherGreengrassTicks ??= [];
            _otherGreengrassTicks.TryAdd(server.Property, ticks);
        }
    }

    /// <summary>When the server first stored the version, in ticks; -1 if it has not.</summary>
    public long StoredTicks(WorldNode server) =>
        server.Role == NodeRole.Cloud ? _cloudTicks
        : server.Property == Node.Property ? _ownGreengrassTicks
        : _otherGreengrassTicks?.GetValueOrDefault(server.Property, Never) ?? Never;
}
