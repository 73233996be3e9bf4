using System.Net;

namespace Hospitality.Sync.Discovery;

/// <summary>A service instance the querier resolved: its host, endpoint and TXT pairs.</summary>
public sealed record DiscoveredService(string InstanceName, string ServiceType, string HostName, IPEndPoint EndPoint, IReadOnlyDictionary<string, string> Text)
{
    public string? this[string key] => Text.GetValueOrDefault(key);

    public bool Equivalent(DiscoveredService other) =>
        InstanceName.Equals(other.InstanceName, StringComparison.OrdinalIgnoreCase)
        && HostName.Equals(other.HostName, StringComparison.OrdinalIgnoreCase)
        && EndPoint.Equals(other.EndPoint)
        && Text.Count == other.Text.Count && Text.All(pair => other.Text.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
