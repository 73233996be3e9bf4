using Hospitality.Reports.Model;
using Hospitality.Sim.Kernel;

namespace Hospitality.Sim.Peers;

/// <summary>
/// What the P2P software of every device boot did, by property, for the report: links opened and
/// failed, direct-signaling fallbacks, and each peer given up on with the engine's reason (client
/// isolation shows here as "no direct path").
/// </summary>
public sealed class PeerLog
{
    private readonly List<(string Property, TabletPeer Peer)> _boots = [];
    private readonly List<(string Property, string Device, string Peer, string Reason, SimTime At)> _unavailable = [];
    private readonly List<string> _properties = [];

    /// <summary>Peers given up on: property, device, peer, the engine's reason, and when.</summary>
    public IReadOnlyList<(string Property, string Device, string Peer, string Reason, SimTime At)> UnavailableEvents => _unavailable;

    internal void Add(string property, TabletPeer peer)
    {
        if (!_properties.Contains(property))
        {
            _properties.Add(property);
        }

        _boots.Add((property, peer));
    }

    internal void Unavailable(string property, string device, string peer, string reason, SimTime at) => _unavailable.Add((property, device, peer, reason, at));

    /// <summary>Links opened by every boot of the property's devices so far.</summary>
    public int LinksOpened(string property) => _boots.Where(boot => boot.Property == property).Sum(boot => boot.Peer.Peer.LinksOpened);

    /// <summary>Links that failed (timed out, refused) over every boot of the property's devices.</summary>
    public int LinksFailed(string property) => _boots.Where(boot => boot.Property == property).Sum(boot => boot.Peer.Peer.LinksFailed);

    /// <summary>The P2P section of a report; null when no property ran P2P.</summary>
    /// <param name="bytesPerDevicePerDay">The property's device-to-device bytes per device per day, by property name.</param>
    public PeerToPeerReport? Report(Func<string, (int Devices, double BytesPerDevicePerDay)> traffic)
    {
        if (_properties.Count == 0)
        {
            return null;
        }

        return new PeerToPeerReport(_properties.Select(property =>
        {
            var (devices, bytes) = traffic(property);
            var boots = _boots.Where(boot => boot.Property == property).Select(boot => boot.Peer).ToList();
            var opened = LinksOpened(property);
            var reasons = _unavailable.Where(each => each.Property == property).GroupBy(each => each.Reason)
                .OrderByDescending(group => group.Count()).ThenBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => new PeerUnavailableReport(group.Key, group.Count(), group.Min(each => each.At).TotalSeconds)).ToList();
            var formed = boots.Where(boot => boot.MeshFormedAt is not null).Select(boot => (boot.MeshFormedAt!.Value - boot.BootedAt).TotalSeconds).Order().ToList();
            return new PropertyPeerReport(
                property,
                devices,
                opened > 0,
                opened,
                LinksFailed(property),
                boots.Sum(boot => boot.Peer.DirectSignalingFallbacks),
                bytes,
                reasons)
            {
                Boots = boots.Count,
                MeshFormed = formed.Count,
                MeshFormedP50Seconds = formed.Count == 0 ? null : formed[(formed.Count - 1) / 2],
                MeshFormedMaxSeconds = formed.Count == 0 ? null : formed[^1],
                VersionsSent = boots.Sum(boot => boot.Replication.VersionsSent),
                DeltasSent = boots.Sum(boot => boot.Replication.DeltasSent),
                DeltasMissed = boots.Sum(boot => boot.Replication.DeltasMissed),
            };
        }).ToList());
    }
}
