namespace Hospitality.Sync.Replication;

/// <summary>One upstream a device can replicate with: its name (the checkpoint key), kind and address.</summary>
public sealed record ReplicationEndpoint(string Name, EndpointKind Kind, string Host, int Port = 8443);
