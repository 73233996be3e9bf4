namespace Hospitality.Sync.Replication;

/// <summary>The peer sent something the protocol does not allow here; the connection is dropped and retried.</summary>
public sealed class ProtocolViolationException(string message) : Exception(message);
