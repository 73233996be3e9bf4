using System.Net;

namespace Hospitality.Sync.Ports;

/// <summary>One piece of a server's work: what kind, how many documents it carries, and for whom.</summary>
public readonly record struct ServerWork(ServerWorkKind Kind, int Documents, IPEndPoint Client);
