namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>An ERROR-CODE attribute: a code from 300 to 699 and a reason phrase (RFC 8489 section 14.8).</summary>
internal readonly record struct StunErrorCode(int Code, string Reason)
{
    public const int CodeMin = 300;
    public const int CodeMax = 699;

    /// <summary>The reason phrase is fewer than 128 characters, up to 763 bytes of UTF-8.</summary>
    public const int ReasonMaxBytes = 763;

    public static StunErrorCode BadRequest => new(400, "Bad Request");

    public static StunErrorCode Unauthorized => new(401, "Unauthorized");

    public static StunErrorCode UnknownAttribute => new(420, "Unknown Attribute");

    /// <summary>Both agents claimed the same ICE role (RFC 8445 section 7.3.1.1).</summary>
    public static StunErrorCode RoleConflict => new(487, "Role Conflict");
}
