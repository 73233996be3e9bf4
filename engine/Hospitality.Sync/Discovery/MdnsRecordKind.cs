namespace Hospitality.Sync.Discovery;

/// <summary>The DNS record types mDNS / DNS-SD uses here (RFC 1035 / 2782 values: part of the wire format).</summary>
internal enum MdnsRecordKind : ushort
{
    A = 1,
    Ptr = 12,
    Txt = 16,
    Srv = 33,

    /// <summary>Only in questions: every type of the name (probes ask this).</summary>
    Any = 255,
}
