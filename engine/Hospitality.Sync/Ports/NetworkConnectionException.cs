namespace Hospitality.Sync.Ports;

/// <summary>A connection could not be opened, or broke; <see cref="Failure"/> says why.</summary>
public sealed class NetworkConnectionException : Exception
{
    public NetworkConnectionException(ConnectionFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    public ConnectionFailure Failure { get; }
}
