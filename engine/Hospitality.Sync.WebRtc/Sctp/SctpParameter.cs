namespace Hospitality.Sync.WebRtc.Sctp;

/// <summary>An INIT or INIT-ACK parameter this stack does not interpret, kept as it came (type and value).</summary>
internal readonly record struct SctpParameter(ushort Type, ReadOnlyMemory<byte> Value)
{
    /// <summary>RFC 9260 section 3.2.1: the top two bits of the type say whether to skip it and whether to report it.</summary>
    public bool SkipIfUnrecognized => (Type & 0x8000) != 0;

    public bool ReportIfUnrecognized => (Type & 0x4000) != 0;
}
