using System.Net;

namespace Hospitality.Sync.Replication;

/// <summary>One upstream a device can replicate with: its name (the checkpoint key), kind and address.</summary>
public sealed record ReplicationEndpoint(string Name, EndpointKind Kind, string Host, int Port = 8443)
{
    /// <summary>Whether this endpoint is the server at <paramref name="address"/> (as mDNS found a Greengrass there).</summary>
    internal bool IsAt(IPEndPoint address) => Port == address.Port && Host == address.Address.ToString();
}
