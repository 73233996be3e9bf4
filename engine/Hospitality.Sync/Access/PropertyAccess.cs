namespace Hospitality.Sync.Access;

/// <summary>
/// Who may use one property's data: a genuine token of that property, in a role this place serves.
/// Every entry point asks the same question through it (the framed replication protocol, the RxDB
/// HTTP endpoints, their event stream and signaling), so no path can be more lenient than another.
/// </summary>
public sealed record PropertyAccess
{
    public PropertyAccess(IAccessTokenVerifier verifier, string property, IReadOnlyList<AccessRole>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentException.ThrowIfNullOrEmpty(property);
        Verifier = verifier;
        Property = property;
        Roles = roles ?? [AccessRole.Device, AccessRole.Greengrass];
    }

    public IAccessTokenVerifier Verifier { get; }

    /// <summary>The property whose data this place holds.</summary>
    public string Property { get; }

    /// <summary>The roles served here: a Greengrass serves its devices; the cloud serves devices and Greengrasses.</summary>
    public IReadOnlyList<AccessRole> Roles { get; }

    public AccessDecision Authorize(string? token)
    {
        var decision = Verifier.Verify(token);
        if (decision.Grant is not { } grant)
        {
            return decision;
        }

        if (!string.Equals(grant.Property, Property, StringComparison.Ordinal))
        {
            return AccessDecision.Forbidden($"the token is for property '{grant.Property}'; this is property '{Property}'");
        }

        return Roles.Contains(grant.Role)
            ? decision
            : AccessDecision.Forbidden($"role '{grant.Role}' is not served here; served: {string.Join(", ", Roles)}");
    }
}
