namespace Hospitality.Sync.Ports;

/// <summary>What the device is attached to right now, and when that changes (Wi-Fi to cellular, offline).</summary>
public interface INetworkInterfaces
{
    NetworkAttachment Current { get; }

    /// <summary>Raised after <see cref="Current"/> changed; the argument is the new attachment.</summary>
    event Action<NetworkAttachment>? Changed;
}
