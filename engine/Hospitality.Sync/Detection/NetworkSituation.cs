namespace Hospitality.Sync.Detection;

/// <summary>The rows of the seed's adaptive strategy table, best first: the order is how a switch is judged an improvement.</summary>
public enum NetworkSituation
{
    /// <summary>On the property's network with its Greengrass found and healthy.</summary>
    OnProperty,

    /// <summary>Wi-Fi or wired, no Greengrass, the cloud reachable (a small hotel, or off the property).</summary>
    CloudOnly,

    /// <summary>On a cellular link with the cloud reachable.</summary>
    Cellular,

    /// <summary>Nothing reachable: queue writes, sync with peers.</summary>
    Offline,
}
