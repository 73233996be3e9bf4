namespace Hospitality.Sync.Discovery;

/// <summary>
/// A DNS-SD service this host offers: <c>&lt;Instance&gt;.&lt;ServiceType&gt;</c> on <see cref="Port"/>
/// of the host's name, with TXT key=value pairs (RFC 6763 §6).
/// </summary>
public sealed record ServiceAdvertisement(string Instance, string ServiceType, int Port, IReadOnlyList<KeyValuePair<string, string>> Text)
{
    /// <summary>RFC 6763 §4.1.1: an instance label is at most 63 bytes.</summary>
    public const int InstanceBytesMax = 63;

    public string InstanceName => $"{Instance}.{ServiceType}";

    public IReadOnlyList<string> TextStrings => [.. Text.Select(pair => $"{pair.Key}={pair.Value}")];
}
