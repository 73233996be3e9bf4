namespace Hospitality.Sync.Discovery;

/// <summary>One question of an mDNS query. Names compare case-insensitively, as DNS names do.</summary>
internal sealed record MdnsQuestion(string Name, MdnsRecordKind Kind, bool UnicastResponse = false)
{
    public bool Matches(MdnsRecord record) =>
        string.Equals(Name, record.Name, StringComparison.OrdinalIgnoreCase) && (Kind == MdnsRecordKind.Any || Kind == record.Kind);
}
