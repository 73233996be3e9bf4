using Hospitality.Sync.Access;

namespace Hospitality.Sync.Tests.Signaling;

/// <summary>A stand-in for Hosting's signed tokens: <c>token:&lt;property&gt;:&lt;device&gt;</c> is genuine, anything else is not.</summary>
public sealed class TestTokens : IAccessTokenVerifier
{
    public static string For(string property, string device) => $"token:{property}:{device}";

    public AccessDecision Verify(string? token) =>
        token?.Split(':') is ["token", var property, var device]
            ? AccessDecision.Allow(new AccessGrant(property, device, AccessRole.Device, DateTimeOffset.MaxValue))
            : AccessDecision.Unauthenticated(token is null ? "no access token" : "not a genuine token");
}
