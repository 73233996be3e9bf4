namespace Hospitality.Sync.Storage;

/// <summary>The store cannot be used as asked (a file from a newer schema, a checkpoint moving backwards).</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
