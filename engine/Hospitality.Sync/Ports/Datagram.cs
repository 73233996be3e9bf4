using System.Net;

namespace Hospitality.Sync.Ports;

/// <summary>A received datagram and the endpoint it came from.</summary>
public readonly record struct Datagram(IPEndPoint RemoteEndPoint, ReadOnlyMemory<byte> Payload);
