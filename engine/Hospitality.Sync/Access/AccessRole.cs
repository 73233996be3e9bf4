namespace Hospitality.Sync.Access;

/// <summary>What a token's holder is: a tablet or other device of a property, or a property's Greengrass.</summary>
public enum AccessRole
{
    Device,
    Greengrass,
}
