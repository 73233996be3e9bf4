namespace Hospitality.Sim.Costs;

/// <summary>Which of the seed's cost tables a property falls under.</summary>
public enum PropertyTopology
{
    /// <summary>Medium/large hotels: a Greengrass on site and the cloud.</summary>
    Greengrass,

    /// <summary>Small hotels: devices talk to the cloud (and to each other, P2P).</summary>
    CloudOnly,

    /// <summary>A fixed price for every property.</summary>
    All,
}
