using System.Net;

namespace Hospitality.Sync.Discovery;

/// <summary>
/// One resource record of the four kinds DNS-SD needs: A (address), PTR (target), SRV (port,
/// target), TXT (key=value strings). <see cref="CacheFlush"/> marks a unique record (RFC 6762 §10.2):
/// a receiver replaces what it cached for the name and type instead of adding to it.
/// </summary>
internal sealed record MdnsRecord(string Name, MdnsRecordKind Kind, TimeSpan Ttl, bool CacheFlush)
{
    public IPAddress? Address { get; init; }

    /// <summary>The PTR's or SRV's target name.</summary>
    public string? Target { get; init; }

    public int Port { get; init; }

    public IReadOnlyList<string> Text { get; init; } = [];

    public static MdnsRecord ForAddress(string name, IPAddress address, TimeSpan ttl) =>
        new(name, MdnsRecordKind.A, ttl, CacheFlush: true) { Address = address };

    public static MdnsRecord ForPointer(string name, string target, TimeSpan ttl) =>
        new(name, MdnsRecordKind.Ptr, ttl, CacheFlush: false) { Target = target };

    public static MdnsRecord ForService(string name, string target, int port, TimeSpan ttl) =>
        new(name, MdnsRecordKind.Srv, ttl, CacheFlush: true) { Target = target, Port = port };

    public static MdnsRecord ForText(string name, IReadOnlyList<string> text, TimeSpan ttl) =>
        new(name, MdnsRecordKind.Txt, ttl, CacheFlush: true) { Text = text };

    public bool IsGoodbye => Ttl == TimeSpan.Zero;

    /// <summary>Same name, type and data: the same record whatever its TTL (RFC 6762 §7.1's comparison).</summary>
    public bool SameAs(MdnsRecord other) => SameKey(other) && SameData(other);

    public bool SameKey(MdnsRecord other) =>
        Kind == other.Kind && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public bool SameData(MdnsRecord other) =>
        Equals(Address, other.Address)
        && string.Equals(Target, other.Target, StringComparison.OrdinalIgnoreCase)
        && Port == other.Port
        && Text.SequenceEqual(other.Text, StringComparer.Ordinal);

    /// <summary>The record with another TTL (zero for a goodbye).</summary>
    public MdnsRecord WithTtl(TimeSpan ttl) => this with { Ttl = ttl };

    /// <summary>A stable ordering of the data, for simultaneous-probe tie-breaks (RFC 6762 §8.2, simplified to our four types).</summary>
    public string DataKey => Kind switch
    {
        MdnsRecordKind.A => Address?.ToString() ?? "",
        MdnsRecordKind.Srv => $"{Port:D5} {Target}",
        MdnsRecordKind.Txt => string.Join('\u0001', Text),
        _ => Target ?? "",
    };
}
