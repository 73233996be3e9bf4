using System.Net;

namespace Hospitality.Sim.Peers;

/// <summary>
/// How the tablets of one P2P property run WebRTC: their room (the property id), the signaling servers
/// nearest first (the Greengrass's, then the cloud's), whether they signal directly over their mDNS peer
/// records when no server answers, the world's log their links report to, and the room: the devices
/// of the property that run P2P (so a boot knows which links it plans).
/// </summary>
internal sealed record PeerPlan(string PropertyId, string PropertyName, IReadOnlyList<IPEndPoint> SignalingServers, bool DirectSignaling, PeerLog Log)
{
    public List<string> Room { get; } = [];
}
