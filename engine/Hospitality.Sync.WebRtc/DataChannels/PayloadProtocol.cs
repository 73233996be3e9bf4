namespace Hospitality.Sync.WebRtc.DataChannels;

/// <summary>
/// SCTP payload protocol identifiers for WebRTC (RFC 8831 section 8, RFC 8832 section 8.1). An
/// empty message cannot travel as an empty DATA chunk, so it goes as one 0x00 byte under the "empty" PPIDs.
/// </summary>
internal static class PayloadProtocol
{
    public const uint Dcep = 50;
    public const uint String = 51;
    public const uint Binary = 53;
    public const uint StringEmpty = 56;
    public const uint BinaryEmpty = 57;
}
