namespace Hospitality.Sync.Discovery;

/// <summary>
/// The two DNS-SD services of a property: the Greengrass's sync service, and each device's peer
/// service for P2P on the same segment. TXT carries the property id, so a device never takes a
/// server of another property for its own.
/// </summary>
public static class HospitalityServices
{
    public const string SyncServiceType = "_hospitality-sync._tcp.local";

    public const string PeerServiceType = "_hospitality-peer._tcp.local";

    /// <summary>The name the seed's troubleshooting guide pings: <c>greengrass.local</c>.</summary>
    public const string GreengrassHostName = "greengrass";

    public const string PropertyKey = "property";

    public const string RoleKey = "role";

    public const string PortKey = "port";

    public const string DeviceKey = "device";

    /// <summary>A peer record's value drawn anew each time the device's software starts, so its peers can tell a restart from a reconnect.</summary>
    public const string InstanceKey = "instance";

    public static ServiceAdvertisement Greengrass(string propertyId, int port) =>
        new($"Greengrass {propertyId}", SyncServiceType, port,
            [new(PropertyKey, propertyId), new(RoleKey, "greengrass"), new(PortKey, port.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public static ServiceAdvertisement Peer(string propertyId, string deviceId, int port, string? instance = null) =>
        new(deviceId, PeerServiceType, port, instance is null
            ? [new(PropertyKey, propertyId), new(DeviceKey, deviceId)]
            : [new(PropertyKey, propertyId), new(DeviceKey, deviceId), new(InstanceKey, instance)]);

    public static bool IsGreengrassOf(DiscoveredService service, string propertyId) =>
        service.ServiceType.Equals(SyncServiceType, StringComparison.OrdinalIgnoreCase)
        && service[PropertyKey] == propertyId
        && service[RoleKey] == "greengrass";
}
