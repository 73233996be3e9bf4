namespace Hospitality.Sync.Node.Endpoints;

/// <summary>The seed's health answer: <c>{"status":"ok"}</c>.</summary>
internal sealed record HealthAnswer(string Status);
