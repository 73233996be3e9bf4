using System.Net;

namespace Hospitality.Sync.WebRtc.Ice;

/// <summary>A local base address and a remote candidate address that connectivity checks try together.</summary>
internal sealed class IceCandidatePair(IPEndPoint local, IPEndPoint remote, uint localPriority, uint remotePriority)
{
    public IPEndPoint Local { get; } = local;

    public IPEndPoint Remote { get; } = remote;

    public uint LocalPriority { get; } = localPriority;

    /// <summary>The remote candidate's priority; a peer-reflexive one takes the PRIORITY of the request that revealed it.</summary>
    public uint RemotePriority { get; } = remotePriority;

    public IceCandidatePairState State { get; internal set; } = IceCandidatePairState.Waiting;

    /// <summary>The controlling agent sent (or the controlled agent received) USE-CANDIDATE on this pair.</summary>
    public bool Nominated { get; internal set; }

    /// <summary>RFC 8445 section 6.1.2.3: 2^32 MIN(G,D) + 2 MAX(G,D) + (G &gt; D ? 1 : 0), G the controlling side's priority.</summary>
    public ulong Priority(IceRole role)
    {
        ulong g = role == IceRole.Controlling ? LocalPriority : RemotePriority;
        ulong d = role == IceRole.Controlling ? RemotePriority : LocalPriority;
        return (Math.Min(g, d) << 32) + (2 * Math.Max(g, d)) + (g > d ? 1ul : 0ul);
    }

    public override string ToString() => $"{Local} -> {Remote} ({State}{(Nominated ? ", nominated" : "")})";
}
