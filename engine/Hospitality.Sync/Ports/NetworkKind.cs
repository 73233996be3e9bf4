namespace Hospitality.Sync.Ports;

public enum NetworkKind
{
    None,
    Ethernet,
    Wifi,
    Cellular,
}
