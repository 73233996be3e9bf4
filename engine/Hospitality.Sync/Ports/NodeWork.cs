using System.Net;

namespace Hospitality.Sync.Ports;

/// <summary>
/// One piece of a node's work: what kind, how many documents it carries, and with whom (the client a
/// server works for, or the upstream a client's work came from or goes to).
/// </summary>
public readonly record struct NodeWork(NodeWorkKind Kind, int Documents, IPEndPoint Peer);
