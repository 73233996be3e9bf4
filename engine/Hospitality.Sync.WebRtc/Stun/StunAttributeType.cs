namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>The STUN attribute types this stack reads or writes (RFC 8489 section 18.3, RFC 8445 section 16.1).</summary>
internal static class StunAttributeType
{
    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort UnknownAttributes = 0x000A;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;
    public const ushort Software = 0x8022;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;

    /// <summary>Only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT may follow MESSAGE-INTEGRITY (RFC 8489 section 14.5).</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>Types below 0x8000 must be understood: a message carrying an unknown one is refused (RFC 8489 section 14).</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;
}
