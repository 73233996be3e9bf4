namespace Hospitality.Sync.Access;

/// <summary>What a verified token allows: one property, as one device (or Greengrass) in one role, until it expires.</summary>
public sealed record AccessGrant(string Property, string Device, AccessRole Role, DateTimeOffset ExpiresAt);
