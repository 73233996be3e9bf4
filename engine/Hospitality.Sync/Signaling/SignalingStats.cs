namespace Hospitality.Sync.Signaling;

/// <summary>
/// The seed's <c>getStats()</c> (<c>{totalPeers, properties, peersPerProperty}</c>) plus how many
/// messages the server relayed and refused.
/// </summary>
public sealed record SignalingStats(
    int TotalPeers,
    int Properties,
    IReadOnlyDictionary<string, int> PeersPerProperty,
    long MessagesRelayed,
    long MessagesRefused)
{
    public bool Equals(SignalingStats? other) =>
        other is not null && TotalPeers == other.TotalPeers && Properties == other.Properties &&
        MessagesRelayed == other.MessagesRelayed && MessagesRefused == other.MessagesRefused &&
        PeersPerProperty.Count == other.PeersPerProperty.Count &&
        PeersPerProperty.All(pair => other.PeersPerProperty.TryGetValue(pair.Key, out var count) && count == pair.Value);

    public override int GetHashCode() => HashCode.Combine(TotalPeers, Properties, MessagesRelayed, MessagesRefused);
}
