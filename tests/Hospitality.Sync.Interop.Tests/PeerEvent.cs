using System.Text.Json.Serialization;

namespace Hospitality.Sync.Interop.Tests;

/// <summary>One line a peer process printed (see js/peer-protocol.md).</summary>
public sealed record PeerEvent
{
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("sdp")]
    public string? Sdp { get; init; }

    [JsonPropertyName("label")]
    public string? Label { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("length")]
    public int? Length { get; init; }

    [JsonPropertyName("patternOk")]
    public bool? PatternOk { get; init; }

    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
