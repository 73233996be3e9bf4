namespace Hospitality.Sync.Access;

/// <summary>The answer to a token: the grant it carries, or why it was refused, in words a client's operator can act on.</summary>
public readonly record struct AccessDecision
{
    private AccessDecision(AccessGrant? grant, string? refusal, bool isForbidden)
    {
        Grant = grant;
        Refusal = refusal;
        IsForbidden = isForbidden;
    }

    public AccessGrant? Grant { get; }

    public string? Refusal { get; }

    /// <summary>The token is genuine but does not reach this property or operation (HTTP 403), rather than missing, forged or expired (401).</summary>
    public bool IsForbidden { get; }

    public bool IsAllowed => Grant is not null;

    public static AccessDecision Allow(AccessGrant grant) => new(grant ?? throw new ArgumentNullException(nameof(grant)), null, false);

    /// <summary>No token, a forged, malformed or expired one.</summary>
    public static AccessDecision Unauthenticated(string reason) => new(null, reason, false);

    /// <summary>A genuine token for another property, or a role this place does not serve.</summary>
    public static AccessDecision Forbidden(string reason) => new(null, reason, true);
}
