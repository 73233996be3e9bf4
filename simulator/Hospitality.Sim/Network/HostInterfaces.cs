using Hospitality.Sync.Ports;

namespace Hospitality.Sim.Network;

/// <summary>A simulated device's view of its attachment, changed by the network on moves and crashes.</summary>
internal sealed class HostInterfaces : INetworkInterfaces
{
    public NetworkAttachment Current { get; private set; } = NetworkAttachment.Offline;

    public event Action<NetworkAttachment>? Changed;

    public void Set(NetworkAttachment attachment)
    {
        if (attachment == Current)
        {
            return;
        }

        Current = attachment;
        Changed?.Invoke(attachment);
    }
}
