namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>INIT and INIT-ACK parameter types read or written here (RFC 9260 section 3.3.2, RFC 3758, RFC 5061).</summary>
internal static class SctpParameterType
{
    public const ushort HeartbeatInfo = 1;
    public const ushort StateCookie = 7;
    public const ushort UnrecognizedParameter = 8;
    public const ushort SupportedExtensions = 0x8008;
    public const ushort ForwardTsnSupported = 0xC000;
}
