namespace Hospitality.Sync.Replication.Protocol;

/// <summary>Thrown inside the decoder only, to unwind to <see cref="ProtocolCodec.Decode(ReadOnlyMemory{byte})"/>, which turns it into an error.</summary>
internal sealed class MalformedMessageException(string message) : Exception(message);
