namespace Hospitality.Sync.WebRtc.Stun;

/// <summary>
/// A STUN message type: method and class, interleaved on the wire as
/// M11..M7 C1 M6..M4 C0 M3..M0 under two leading zero bits (RFC 8489 section 5).
/// </summary>
internal readonly record struct StunMessageType(StunMethod Method, StunClass Class)
{
    public const ushort MethodMax = 0x0FFF;

    public static StunMessageType BindingRequest => new(StunMethod.Binding, StunClass.Request);

    public static StunMessageType BindingSuccess => new(StunMethod.Binding, StunClass.SuccessResponse);

    public static StunMessageType BindingError => new(StunMethod.Binding, StunClass.ErrorResponse);

    public static StunMessageType BindingIndication => new(StunMethod.Binding, StunClass.Indication);

    public ushort ToWire()
    {
        var method = (int)Method;
        if ((uint)method > MethodMax)
        {
            throw new ArgumentOutOfRangeException(nameof(Method), method, "a STUN method has 12 bits");
        }

        var classBits = (int)Class;
        return (ushort)(((method & 0xF80) << 2) | ((method & 0x070) << 1) | (method & 0x00F)
            | ((classBits & 0b10) << 7) | ((classBits & 0b01) << 4));
    }

    /// <summary>Splits a 14-bit type; the caller has already checked the two leading bits are zero.</summary>
    public static StunMessageType FromWire(ushort type)
    {
        var method = (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);
        var classBits = ((type >> 4) & 0b01) | ((type >> 7) & 0b10);
        return new StunMessageType((StunMethod)method, (StunClass)classBits);
    }
}
