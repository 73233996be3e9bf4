namespace Hospitality.Sync.Access;

/// <summary>
/// Turns a bearer token into the grant it carries. The engine only asks; the signature and the clock
/// it is checked against belong to the host (Hosting's <c>AccessTokens</c>), so the simulator stays free of both.
/// </summary>
public interface IAccessTokenVerifier
{
    /// <summary>The grant of a genuine, unexpired token; never throws on bad input, however malformed.</summary>
    AccessDecision Verify(string? token);
}
