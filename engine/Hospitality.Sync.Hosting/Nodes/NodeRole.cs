namespace Hospitality.Sync.Hosting.Nodes;

/// <summary>What a hotel node is: where it sits in the topology decides what it serves and follows.</summary>
public enum NodeRole
{
    /// <summary>A property's on-premise server: serves its devices, replicates with the cloud in batches.</summary>
    Greengrass,

    /// <summary>The chain's cloud: serves Greengrasses and devices off property; follows nobody.</summary>
    Cloud,

    /// <summary>A tablet or terminal: follows the Greengrass, else the cloud; serves nobody.</summary>
    Device,
}
