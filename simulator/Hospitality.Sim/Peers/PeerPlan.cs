using System.Net;

namespace Hospitality.Sim.Peers;

/// <summary>
/// How the tablets of one P2P property run WebRTC: their room (the property id), the signaling servers
/// nearest first (the Greengrass's, then the cloud's), whether they signal directly over their mDNS peer
/// records when no server answers, and the world's log their links report to.
/// </summary>
internal sealed record PeerPlan(string PropertyId, IReadOnlyList<IPEndPoint> SignalingServers, bool DirectSignaling, PeerLog Log);
