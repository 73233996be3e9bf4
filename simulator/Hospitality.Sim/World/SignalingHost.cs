using Hospitality.Sim.Network;
using Hospitality.Sync.Signaling;

namespace Hospitality.Sim.World;

/// <summary>A server node's signaling server as a process of its own, which a fault may stop and start again while the node runs.</summary>
internal static class SignalingHost
{
    public static bool Stop(SimHost host, SignalingServer? running, Action<SignalingServer?> set)
    {
        if (running is null || !host.IsUp)
        {
            return false;
        }

        set(null);
        _ = running.StopAsync();
        return true;
    }

    public static void Start(SimHost host, bool planned, SignalingServer? running, Action<SignalingServer?> set)
    {
        if (planned && running is null && host.IsUp)
        {
            set(GreengrassNode.StartSignaling(host));
        }
    }
}
