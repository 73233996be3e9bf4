using System.Net;

namespace Hospitality.Sync.Ports;

/// <summary>
/// The device's current attachment: the kind of link, its address on it, and the network's name
/// (SSID or segment) so the engine can tell "on property" from "somewhere else".
/// </summary>
public sealed record NetworkAttachment(NetworkKind Kind, IPAddress? Address, string? NetworkName)
{
    public static NetworkAttachment Offline { get; } = new(NetworkKind.None, null, null);

    public bool IsOnline => Kind != NetworkKind.None;
}
