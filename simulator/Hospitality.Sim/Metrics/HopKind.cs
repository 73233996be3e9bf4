namespace Hospitality.Sim.Metrics;

/// <summary>One hop of a write's way through the servers, in the order the report lists them (a write's way runs down the list).</summary>
public enum HopKind
{
    /// <summary>The writer stored it, then its Greengrass did.</summary>
    DeviceToGreengrass,

    /// <summary>The writer stored it, then the cloud did (the writer synced through the cloud).</summary>
    DeviceToCloud,

    /// <summary>A Greengrass stored it, then the cloud did (the Greengrass's batched push).</summary>
    GreengrassToCloud,

    /// <summary>The cloud stored it, then a Greengrass did (another property's write, or the writer synced through the cloud).</summary>
    CloudToGreengrass,

    /// <summary>A Greengrass stored it, then one of its devices did.</summary>
    GreengrassToDevice,

    /// <summary>The cloud stored it, then a device syncing through the cloud did.</summary>
    CloudToDevice,

    /// <summary>A delivery whose way is not known (its reader had no live upstream, or a server on the way had not stored it first): the whole path.</summary>
    RouteUnknown,
}
