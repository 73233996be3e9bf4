namespace Hospitality.Sync.Ports;

/// <summary>How a message connection ended.</summary>
public readonly record struct ConnectionClosure(ConnectionFailure Failure)
{
    public static ConnectionClosure Graceful => new(ConnectionFailure.None);

    public bool IsGraceful => Failure == ConnectionFailure.None;
}
