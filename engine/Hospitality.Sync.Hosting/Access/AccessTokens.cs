using System.Security.Claims;
using Hospitality.Sync.Access;
using Hospitality.Sync.Clock;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hospitality.Sync.Hosting.Access;

/// <summary>
/// Issues and verifies the bearer tokens of every entry point: compact JWTs signed with HMAC-SHA256
/// that carry the property (<c>prop</c>), the device (<c>sub</c>), its role (<c>role</c>) and an expiry
/// (<c>exp</c>). One key per deployment, shared by the cloud and its Greengrasses; expiry is checked
/// against the injected clock, so a test can let a token run out without waiting.
/// </summary>
public sealed class AccessTokens : IAccessTokenVerifier
{
    /// <summary>HMAC-SHA256 wants a key at least as long as its output (RFC 7518 §3.2).</summary>
    public const int KeyMinBytes = 32;

    /// <summary>Three base64url parts of a few claims are a few hundred characters; anything longer is refused unread.</summary>
    public const int TokenMaxChars = 4096;

    private const string Issuer = "hospitality-sync";
    private const string PropertyClaim = "prop";
    private const string RoleClaim = "role";

    private readonly SymmetricSecurityKey _key;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TokenValidationParameters _validation;

    public AccessTokens(byte[] key, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < KeyMinBytes)
        {
            throw new ArgumentException($"An HMAC-SHA256 key must be at least {KeyMinBytes} bytes; this one is {key.Length}.", nameof(key));
        }

        _key = new SymmetricSecurityKey(key.ToArray());
        _time = time ?? TimeProvider.System;
        _validation = new TokenValidationParameters
        {
            IssuerSigningKey = _key,
            ValidIssuer = Issuer,
            ValidateAudience = false,

            // Only the algorithm we sign with: a token that names another ("none", RS256) is refused, not tried.
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,

            // Expiry is ours to check against the injected clock, below.
            ValidateLifetime = false,
        };
    }

    public string Issue(AccessGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentException.ThrowIfNullOrEmpty(grant.Property);
        if (!HlcTimestamp.IsValidNodeId(grant.Device))
        {
            throw new ArgumentException($"A device id is a node id: non-empty, without ':' (got '{grant.Device}').", nameof(grant));
        }

        var now = _time.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = now.UtcDateTime,
            Expires = grant.ExpiresAt.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, grant.Device),
                new Claim(PropertyClaim, grant.Property),
                new Claim(RoleClaim, RoleName(grant.Role)),
            ]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    public AccessDecision Verify(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return AccessDecision.Unauthenticated("no access token: send 'Authorization: Bearer <token>'");
        }

        if (token.Length > TokenMaxChars)
        {
            return AccessDecision.Unauthenticated($"the access token is {token.Length} characters; a token is at most {TokenMaxChars}");
        }

        // A symmetric key and no metadata to fetch: validation completes synchronously.
        var result = _handler.ValidateTokenAsync(token, _validation).GetAwaiter().GetResult();
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return AccessDecision.Unauthenticated($"the access token is not valid: {Why(result.Exception)}");
        }

        if (!jwt.TryGetPayloadValue<string>(PropertyClaim, out var property) || string.IsNullOrEmpty(property)
            || !HlcTimestamp.IsValidNodeId(jwt.Subject)
            || !jwt.TryGetPayloadValue<string>(RoleClaim, out var roleName) || RoleNamed(roleName) is not { } role)
        {
            return AccessDecision.Unauthenticated("the access token lacks a property, a device (sub) or a known role (device, greengrass)");
        }

        var expiresAt = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        return now >= expiresAt
            ? AccessDecision.Unauthenticated($"the access token expired at {expiresAt:O}; it is now {now:O}")
            : AccessDecision.Allow(new AccessGrant(property, jwt.Subject, role, expiresAt));
    }

    public static string RoleName(AccessRole role) => role switch
    {
        AccessRole.Device => "device",
        AccessRole.Greengrass => "greengrass",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    private static AccessRole? RoleNamed(string? name) => name switch
    {
        "device" => AccessRole.Device,
        "greengrass" => AccessRole.Greengrass,
        _ => null,
    };

    // IdentityModel's own messages hide their details as PII; name the failure instead.
    private static string Why(Exception? exception) => exception switch
    {
        SecurityTokenMalformedException => "it is not a compact JWT (three base64url parts)",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "its signature does not verify",
        SecurityTokenInvalidAlgorithmException => "it is not signed with HS256",
        SecurityTokenInvalidIssuerException => $"its issuer is not '{Issuer}'",
        SecurityTokenNoExpirationException => "it has no expiry",
        null => "it is not a JWT",
        _ => exception.GetType().Name,
    };
}
